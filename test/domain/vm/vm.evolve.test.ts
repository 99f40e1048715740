import { describe, expect, it } from 'vitest';
import { fold } from '../../../src/domain/shared/index.ts';
import { type VmEvent, vmDecider } from '../../../src/domain/vm/index.ts';
import { ev, given, hostA, ref, usage } from './fixtures.ts';

/** evolve replays any history: events that do not fit the state are ignored, never thrown on. */
const { evolve, initialState } = vmDecider;

describe('evolve on a VM that does not exist', () => {
  it('ignores any event but VmCreated', () =>
    expect(evolve(initialState(), ev.started(hostA))).toEqual({ status: 'Initial' }));

  it('creates the VM from VmCreated', () =>
    expect(evolve(initialState(), ev.created())).toMatchObject({
      status: 'Stopped',
      vmId: ref.vmId,
      name: 'web-1',
    }));
});

describe('evolve on an existing VM', () => {
  it('ignores a second VmCreated', () => {
    const running = fold(vmDecider, given.running);
    expect(evolve(running, ev.created())).toBe(running);
  });

  it('ignores an event that does not follow the current state (VmStarted on a Stopped VM)', () => {
    const stopped = fold(vmDecider, given.created);
    expect(evolve(stopped, ev.started(hostA))).toBe(stopped);
  });

  it('ignores OperationSucceeded-type events from the wrong state (VmStopped on a Starting VM)', () => {
    const starting = fold(vmDecider, given.starting);
    expect(evolve(starting, ev.stopped(hostA))).toBe(starting);
  });

  it('ignores everything once the VM is expunged', () => {
    const expunged = fold(vmDecider, given.expunged);
    const late: VmEvent = { type: 'VmRecovered', data: usage(null) };
    expect(evolve(expunged, late)).toBe(expunged);
  });

  it('replays the same state from events that went through JSON (as the store returns them)', () =>
    expect(fold(vmDecider, JSON.parse(JSON.stringify(given.migrating)))).toEqual(
      fold(vmDecider, given.migrating),
    ));

  it('never changes the initial state it folds from', () => {
    fold(vmDecider, given.running);
    expect(initialState()).toEqual({ status: 'Initial' });
  });
});
