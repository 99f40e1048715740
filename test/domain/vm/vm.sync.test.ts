import { describe, expect, it } from 'vitest';
import { fold } from '../../../src/domain/shared/index.ts';
import { type VmEvent, vmDecider } from '../../../src/domain/vm/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import { cmd, ev, given, histories, hostA, hostB, hostC, ref, usage } from './fixtures.ts';

/** Hypervisor power reports (FollowAgentPowerOn/OffReport) and HA after a host failure. */
const spec = DeciderSpecification.for(vmDecider);

const powerOn = (h = hostA): VmEvent => ({ type: 'VmPowerOnReported', data: { ...usage(h.hostId), ...h } });
const confirmed = (h = hostB): VmEvent => ({
  type: 'VmRunningConfirmedByPowerReport',
  data: { ...ref, ...h },
});
const powerOff = (h = hostA): VmEvent => ({ type: 'VmPowerOffReported', data: usage(h.hostId) });
const haStopped = (haEnabled = true): VmEvent => ({
  type: 'VmStoppedByHostFailure',
  data: { ...usage('host-a'), hostId: 'host-a', reason: 'host down, VM fenced', haEnabled },
});

describe('a Stopped VM', () => {
  it('a power-on report makes it Running on the reporting host (RUNNING_VM opens)', () =>
    spec
      .given(given.created)
      .when(cmd.power('On', hostC))
      .then([powerOn(hostC)]));

  it('after a power-on report it is Running there and counts as started', () =>
    expect(fold(vmDecider, [...given.created, powerOn(hostC)])).toMatchObject({
      status: 'Running',
      placement: hostC,
      everStarted: true,
    }));

  it('a power-off report changes nothing', () =>
    spec.given(given.created).when(cmd.power('Off')).thenNothingHappened());

  it('HostDownForVm is refused: it runs nowhere', () =>
    spec.given(given.created).when(cmd.hostDown()).thenThrows('VM_NOT_RUNNING'));
});

describe('a Starting VM', () => {
  it('a power-on report settles the start: Running (RUNNING_VM opens)', () =>
    spec
      .given(given.starting)
      .when(cmd.power('On', hostA))
      .then([powerOn(hostA)]));

  it('a power-off report is what the start expects meanwhile: nothing happens', () =>
    spec.given(given.starting).when(cmd.power('Off', hostA)).thenNothingHappened());
});

describe('a Running VM', () => {
  it('a power-on report from its host changes nothing', () =>
    spec.given(given.running).when(cmd.power('On', hostA)).thenNothingHappened());

  it('a power-on report from another host moves it there', () =>
    spec
      .given(given.running)
      .when(cmd.power('On', hostB))
      .then([confirmed(hostB)]));

  it('after the move it runs on the reporting host', () =>
    expect(fold(vmDecider, [...given.running, confirmed(hostB)])).toMatchObject({
      status: 'Running',
      placement: hostB,
    }));

  it('a power-off report from its host stops it (RUNNING_VM closes)', () =>
    spec
      .given(given.running)
      .when(cmd.power('Off', hostA))
      .then([powerOff(hostA)]));

  it('after a power-off report it is Stopped and remembers the host', () =>
    expect(fold(vmDecider, [...given.running, powerOff(hostA)])).toMatchObject({
      status: 'Stopped',
      placement: null,
      lastHostId: 'host-a',
    }));

  it('a power-off report from a host it is not on is stale: nothing happens', () =>
    spec.given(given.running).when(cmd.power('Off', hostB)).thenNothingHappened());

  it('HostDownForVm stops it where it ran and says whether HA should restart it', () =>
    spec
      .given(given.running)
      .when(cmd.hostDown('host-a'))
      .then([haStopped(true)]));

  it('HostDownForVm records haEnabled false when HA was turned off on the VM', () =>
    spec
      .given([...given.running, { type: 'VmUpdated', data: { ...ref, haEnabled: false } }])
      .when(cmd.hostDown('host-a'))
      .then([haStopped(false)]));

  it('after HostDownForVm it is Stopped with the failed host as last host', () =>
    expect(fold(vmDecider, [...given.running, haStopped()])).toMatchObject({
      status: 'Stopped',
      placement: null,
      lastHostId: 'host-a',
    }));

  it('HostDownForVm for another host is refused: the VM is not there', () =>
    spec
      .given(given.running)
      .when(cmd.hostDown('host-b'))
      .thenThrows('VM_NOT_ON_HOST', (e) =>
        expect(e.details).toEqual({ vmId: ref.vmId, hostId: 'host-b', currentHostId: 'host-a' }),
      ));

  it('HostDownForVm is refused for VMware: vCenter HA handles it', () =>
    spec
      .given(histories({ hypervisor: 'VMware' }).running)
      .when(cmd.hostDown('host-a'))
      .thenThrows('HYPERVISOR_HA_NOT_MANAGED', (e) => expect(e.kind).toBe('unsupported')));
});

describe('a Stopping VM', () => {
  it('a power-on report is what the stop expects meanwhile: nothing happens', () =>
    spec.given(given.stopping).when(cmd.power('On', hostA)).thenNothingHappened());

  it('a power-off report from its host settles the stop (RUNNING_VM closes)', () =>
    spec
      .given(given.stopping)
      .when(cmd.power('Off', hostA))
      .then([powerOff(hostA)]));

  it('HostDownForVm stops it (RUNNING_VM closes)', () =>
    spec.given(given.stopping).when(cmd.hostDown('host-a')).then([haStopped()]));
});

describe('a Migrating VM', () => {
  it('a power-on report from the source changes nothing', () =>
    spec.given(given.migrating).when(cmd.power('On', hostA)).thenNothingHappened());

  it('a power-on report from the target settles the migration there', () =>
    spec
      .given(given.migrating)
      .when(cmd.power('On', hostB))
      .then([confirmed(hostB)]));

  it('after the target reports it on, the migration is over', () =>
    expect(fold(vmDecider, [...given.migrating, confirmed(hostB)])).toMatchObject({
      status: 'Running',
      placement: hostB,
      migrationTarget: null,
    }));

  it('a power-off report during the switch-over changes nothing', () =>
    spec.given(given.migrating).when(cmd.power('Off', hostA)).thenNothingHappened());

  it('HostDownForVm of the source host stops it (RUNNING_VM closes)', () =>
    spec.given(given.migrating).when(cmd.hostDown('host-a')).then([haStopped()]));

  it('HostDownForVm of the target host is refused: the VM still runs on the source', () =>
    spec.given(given.migrating).when(cmd.hostDown('host-b')).thenThrows('VM_NOT_ON_HOST'));
});

describe('a Destroyed, Expunging or Error VM', () => {
  it('a power-off report for a Destroyed VM changes nothing', () =>
    spec.given(given.destroyed).when(cmd.power('Off')).thenNothingHappened());

  it('a power-off report for an Error VM changes nothing', () =>
    spec.given(given.error).when(cmd.power('Off')).thenNothingHappened());

  it('a power-off report for an Expunging VM changes nothing', () =>
    spec.given(given.expunging).when(cmd.power('Off')).thenNothingHappened());

  it('a power-on report for a Destroyed VM is refused: it should not run', () =>
    spec.given(given.destroyed).when(cmd.power('On')).thenThrows('VM_ALREADY_DESTROYED'));

  it('a power-on report for an Error VM is refused', () =>
    spec
      .given(given.error)
      .when(cmd.power('On'))
      .thenThrows('VM_UNEXPECTEDLY_RUNNING', (e) => expect(e.kind).toBe('illegal_state')));

  it('a power-on report for an Expunging VM is refused', () =>
    spec.given(given.expunging).when(cmd.power('On')).thenThrows('VM_EXPUNGING'));

  it('HostDownForVm of an Error VM is refused', () =>
    spec.given(given.error).when(cmd.hostDown()).thenThrows('VM_NOT_RUNNING'));
});

describe('an expunged or unknown VM', () => {
  it('a power-off report for an expunged VM is refused as gone', () =>
    spec.given(given.expunged).when(cmd.power('Off')).thenThrows('VM_EXPUNGED'));

  it('a power report for an unknown VM is refused as not found', () =>
    spec.given([]).when(cmd.power('On')).thenThrows('VM_NOT_FOUND'));
});

describe('HA on the event stream', () => {
  it('CompleteVmStop after HA is refused: the VM is already Stopped', () =>
    spec
      .given([...given.running, haStopped()])
      .when(cmd.completeStop())
      .thenThrows('VM_NOT_STOPPING'));

  it('a VM stopped by HA can be started again on another host', () =>
    spec
      .given([...given.running, haStopped()])
      .when(cmd.requestStart(hostB))
      .then([ev.startRequested(hostB)]));
});
