import { describe, expect, it } from 'vitest';
import { fold } from '../../../src/domain/shared/index.ts';
import { vmDecider } from '../../../src/domain/vm/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import { cmd, ev, given, ref, usage } from './fixtures.ts';

/** Destroy, recover and expunge (§1.3). */
const spec = DeciderSpecification.for(vmDecider);

describe('a Stopped VM', () => {
  it('DestroyVm records VmDestroyed with its ROOT volume (ALLOCATED_VM closes)', () =>
    spec
      .given(given.created)
      .when(cmd.destroy())
      .then([ev.destroyed(false)]));

  it('DestroyVm names the DATADISKs to delete with it', () =>
    spec
      .given(given.stoppedAfterRun)
      .when(cmd.destroy(false, true, ['vol-data-1']))
      .then([ev.destroyed(false, {}, ['vol-data-1'])]));

  it('DestroyVm with expunge skips the retention window: destroyed, then expunging', () =>
    spec
      .given(given.created)
      .when(cmd.destroy(true))
      .then([ev.destroyed(true), ev.expungeStarted()]));

  it('DestroyVm with expunge is forbidden without root admin or allow.user.expunge.recover.vm', () =>
    spec
      .given(given.created)
      .when(cmd.destroy(true, false))
      .thenThrows('VM_EXPUNGE_NOT_ALLOWED', (e) => expect(e.kind).toBe('forbidden')));

  it('DestroyVm without expunge needs no special right', () =>
    spec
      .given(given.created)
      .when(cmd.destroy(false, false))
      .then([ev.destroyed(false)]));

  it('after DestroyVm the VM is Destroyed', () =>
    expect(fold(vmDecider, given.destroyed).status).toBe('Destroyed'));

  it('ExpungeVm is refused: only destroyed VMs are expunged', () =>
    spec
      .given(given.created)
      .when(cmd.expunge())
      .thenThrows('VM_NOT_DESTROYED', (e) =>
        expect(e.message).toBe(
          'expunge vm can only execute when VM in Destroyed or Error or Expunging; VM web-1 is Stopped',
        ),
      ));

  it('RecoverVm is refused: it is not destroyed', () =>
    spec.given(given.created).when(cmd.recover()).thenThrows('VM_NOT_DESTROYED'));
});

describe('a Running VM', () => {
  it('DestroyVm is refused until the VM is stopped (the workflow stops it first)', () =>
    spec
      .given(given.running)
      .when(cmd.destroy())
      .thenThrows('VM_MUST_BE_STOPPED', (e) =>
        expect(e.message).toBe('VM web-1 is Running: stop it before destroying it'),
      ));
});

describe('a Starting, Stopping or Migrating VM', () => {
  it('DestroyVm of a Starting VM is refused: it is not stopped', () =>
    spec.given(given.starting).when(cmd.destroy()).thenThrows('VM_NOT_STOPPED'));

  it('DestroyVm of a Stopping VM is refused: it is not stopped', () =>
    spec.given(given.stopping).when(cmd.destroy()).thenThrows('VM_NOT_STOPPED'));

  it('DestroyVm of a Migrating VM is refused: it is not stopped', () =>
    spec.given(given.migrating).when(cmd.destroy()).thenThrows('VM_NOT_STOPPED'));
});

describe('an Error VM', () => {
  it('DestroyVm goes straight to Expunging (Error -DestroyRequested-> Expunging)', () =>
    spec.given(given.error).when(cmd.destroy()).then([ev.expungeStarted()]));

  it('ExpungeVm records Expunging then Expunged', () =>
    spec.given(given.error).when(cmd.expunge()).then([ev.expungeStarted(), ev.expunged()]));

  it('RecoverVm is refused: only Destroyed VMs recover', () =>
    spec.given(given.error).when(cmd.recover()).thenThrows('VM_NOT_DESTROYED'));
});

describe('a Destroyed VM', () => {
  it('RecoverVm brings it back Stopped (ALLOCATED_VM opens again)', () =>
    spec
      .given(given.destroyed)
      .when(cmd.recover())
      .then([{ type: 'VmRecovered', data: usage(null) }]));

  it('after RecoverVm the VM is Stopped', () =>
    expect(fold(vmDecider, [...given.destroyed, { type: 'VmRecovered', data: usage(null) }]).status).toBe(
      'Stopped',
    ));

  it('RecoverVm is refused when the owner account was removed', () =>
    spec
      .given(given.destroyed)
      .when(cmd.recover(true))
      .thenThrows('VM_OWNER_REMOVED', (e) =>
        expect(e.details).toEqual({ vmId: ref.vmId, accountId: 'acc-1' }),
      ));

  it('RecoverVm is forbidden without root admin or allow.user.expunge.recover.vm', () =>
    spec
      .given(given.destroyed)
      .when(cmd.recover(false, false))
      .thenThrows('VM_RECOVER_NOT_ALLOWED', (e) => expect(e.kind).toBe('forbidden')));

  it('ExpungeVm records Expunging then Expunged', () =>
    spec.given(given.destroyed).when(cmd.expunge()).then([ev.expungeStarted(), ev.expunged()]));

  it('after ExpungeVm the VM is Expunged', () =>
    expect(fold(vmDecider, given.expunged).status).toBe('Expunged'));

  it('DestroyVm again is refused: already destroyed', () =>
    spec
      .given(given.destroyed)
      .when(cmd.destroy())
      .thenThrows('VM_ALREADY_DESTROYED', (e) => expect(e.kind).toBe('illegal_state')));

  it('RequestVmStart is refused: recover it first', () =>
    spec
      .given(given.destroyed)
      .when(cmd.requestStart())
      .thenThrows('VM_ALREADY_DESTROYED', (e) =>
        expect(e.message).toBe('Unable to start vm: VM web-1 is destroyed; recover it first'),
      ));
});

describe('an Expunging VM', () => {
  it('ExpungeVm completes the expunge with one event', () =>
    spec.given(given.expunging).when(cmd.expunge()).then([ev.expunged()]));

  it('ExpungeVm completes an expunge started by DestroyVm with expunge', () =>
    spec
      .given([...given.created, ev.destroyed(true), ev.expungeStarted()])
      .when(cmd.expunge())
      .then([ev.expunged()]));

  it('RecoverVm is refused: it is being expunged', () =>
    spec
      .given(given.expunging)
      .when(cmd.recover())
      .thenThrows('VM_EXPUNGING', (e) =>
        expect(e.message).toBe('Unable to recover vm: VM web-1 is being expunged'),
      ));

  it('DestroyVm is refused: it is being expunged', () =>
    spec.given(given.expunging).when(cmd.destroy()).thenThrows('VM_EXPUNGING'));
});

describe('an Expunged VM', () => {
  it('ExpungeVm again is refused: the VM is gone', () =>
    spec
      .given(given.expunged)
      .when(cmd.expunge())
      .thenThrows('VM_EXPUNGED', (e) => expect(e.kind).toBe('not_found')));

  it('RecoverVm is refused: the VM is gone', () =>
    spec.given(given.expunged).when(cmd.recover()).thenThrows('VM_EXPUNGED'));

  it('DeployVm with the id of an expunged VM is refused: ids are never reused', () =>
    spec.given(given.expunged).when(cmd.deploy()).thenThrows('VM_ALREADY_EXISTS'));
});
