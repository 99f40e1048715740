import { describe, expect, it } from 'vitest';
import { fold } from '../../../src/domain/shared/index.ts';
import { vmDecider } from '../../../src/domain/vm/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import { cmd, ev, given, hostA, hostB, ref, small } from './fixtures.ts';

const spec = DeciderSpecification.for(vmDecider);

describe('a VM that does not exist yet', () => {
  it('DeployVm records VmCreated: the VM is persisted Stopped, with everything usage needs', () =>
    spec.given([]).when(cmd.deploy()).then([ev.created()]));

  it('DeployVm leaves the new VM Stopped, on no host', () => {
    const state = fold(vmDecider, vmDecider.decide(cmd.deploy(), vmDecider.initialState()));
    expect(state).toMatchObject({ status: 'Stopped', placement: null, lastHostId: null, everStarted: false });
  });

  it('DeployVm takes the VM name as display name when none is given', () =>
    spec
      .given([])
      .when(cmd.deploy({}, { displayName: '' }))
      .then([ev.created({}, { displayName: 'web-1' })]));

  it('DeployVm records the VM dynamic-scaling flag when the caller turns it off', () =>
    spec
      .given([])
      .when(cmd.deploy({}, { dynamicScalingEnabled: false }))
      .then([ev.created({}, { dynamicScalingEnabled: false })]));

  it('DeployVm from an ISO records the ISO as the image', () =>
    spec
      .given([])
      .when(cmd.deploy({ image: { kind: 'iso', isoId: 'iso-1' } }))
      .then([ev.created({ image: { kind: 'iso', isoId: 'iso-1' } })]));

  it('DeployVm refuses a name that is not a hostname label', () =>
    spec
      .given([])
      .when(cmd.deploy({ name: '1web_server' }))
      .thenThrows('VM_INVALID_NAME', (e) => expect(e.details).toEqual({ name: '1web_server' })));

  it('DeployVm refuses a size that is not positive whole numbers', () =>
    spec
      .given([])
      .when(cmd.deploy({ size: { ...small, memoryMiB: 0 } }))
      .thenThrows('VM_INVALID_SIZE', (e) => expect(e.kind).toBe('invalid')));

  it('CompleteVmStart is refused: there is no VM', () =>
    spec
      .given([])
      .when(cmd.completeStart())
      .thenThrows('VM_NOT_FOUND', (e) => expect(e.kind).toBe('not_found')));
});

describe('a Stopped VM', () => {
  it('DeployVm with the same id is refused as a conflict', () =>
    spec
      .given(given.created)
      .when(cmd.deploy())
      .thenThrows('VM_ALREADY_EXISTS', (e) => expect(e.kind).toBe('conflict')));

  it('RequestVmStart records VmStartRequested with the chosen host and the size to reserve', () =>
    spec
      .given(given.created)
      .when(cmd.requestStart(hostA))
      .then([{ type: 'VmStartRequested', data: { ...ref, ...hostA, size: small } }]));

  it('RequestVmStart after a stop may pick another host', () =>
    spec
      .given(given.stoppedAfterRun)
      .when(cmd.requestStart(hostB))
      .then([{ type: 'VmStartRequested', data: { ...ref, ...hostB, size: small } }]));

  it('FailVmStart toError moves a never-started VM to Error (a failed creation)', () =>
    spec.given(given.created).when(cmd.failStart(true)).then([ev.creationFailed()]));

  it('FailVmStart toError is refused for a VM that has run before', () =>
    spec
      .given(given.stoppedAfterRun)
      .when(cmd.failStart(true))
      .thenThrows('VM_NOT_NEWLY_CREATED', (e) => expect(e.details).toEqual({ vmId: ref.vmId })));

  it('FailVmStart without toError is refused: nothing is starting', () =>
    spec
      .given(given.created)
      .when(cmd.failStart())
      .thenThrows('VM_NOT_STARTING', (e) =>
        expect(e.message).toBe('fail vm start can only execute when VM in Starting; VM web-1 is Stopped'),
      ));

  it('RequestVmStop is refused: the VM is not running', () =>
    spec.given(given.created).when(cmd.requestStop()).thenThrows('VM_NOT_RUNNING'));
});

describe('a Starting VM', () => {
  it('CompleteVmStart records VmStarted on the host it started on (RUNNING_VM opens)', () =>
    spec
      .given(given.starting)
      .when(cmd.completeStart())
      .then([ev.started(hostA)]));

  it('CompleteVmStart makes the VM Running on its host', () => {
    const state = fold(vmDecider, [...given.starting, ev.started(hostA)]);
    expect(state).toMatchObject({ status: 'Running', placement: hostA, everStarted: true });
  });

  it('FailVmStart returns the VM to Stopped', () =>
    spec
      .given(given.starting)
      .when(cmd.failStart())
      .then([ev.startFailed(hostA)]));

  it('FailVmStart toError of a first start goes Starting → Stopped → Error (two events)', () =>
    spec
      .given(given.starting)
      .when(cmd.failStart(true))
      .then([ev.startFailed(hostA), ev.creationFailed()]));

  it('FailVmStart leaves the VM Stopped on no host', () => {
    const state = fold(vmDecider, [...given.starting, ev.startFailed(hostA)]);
    expect(state).toMatchObject({ status: 'Stopped', placement: null });
  });

  it('RequestVmStart is refused: a start is already in progress', () =>
    spec
      .given(given.starting)
      .when(cmd.requestStart())
      .thenThrows('VM_NOT_STOPPED', (e) =>
        expect(e.details).toEqual({ vmId: ref.vmId, state: 'Starting', allowed: ['Stopped'] }),
      ));
});

describe('a Running VM', () => {
  it('RequestVmStop records VmStopRequested for a graceful stop', () =>
    spec
      .given(given.running)
      .when(cmd.requestStop())
      .then([ev.stopRequested(false)]));

  it('RequestVmStop forced records a forced stop', () =>
    spec
      .given(given.running)
      .when(cmd.requestStop(true))
      .then([ev.stopRequested(true)]));

  it('RebootVm records VmRebooted on its host and stays Running', () =>
    spec
      .given(given.running)
      .when(cmd.reboot())
      .then([{ type: 'VmRebooted', data: { ...ref, hostId: 'host-a' } }]));

  it('RebootVm of a Running VM on no host is refused (a state no history produces)', () => {
    const running = fold(vmDecider, given.running);
    expect(() => vmDecider.decide(cmd.reboot(), { ...running, placement: null } as typeof running)).toThrow(
      expect.objectContaining({ code: 'VM_INCONSISTENT_STATE' }),
    );
  });

  it('CompleteVmStart is refused: the VM already runs', () =>
    spec.given(given.running).when(cmd.completeStart()).thenThrows('VM_NOT_STARTING'));
});

describe('a Stopping VM', () => {
  it('CompleteVmStop records VmStopped with the host it left (RUNNING_VM closes)', () =>
    spec
      .given(given.stopping)
      .when(cmd.completeStop())
      .then([ev.stopped(hostA)]));

  it('CompleteVmStop clears the host and keeps it as the last host', () => {
    const state = fold(vmDecider, given.stoppedAfterRun);
    expect(state).toMatchObject({ status: 'Stopped', placement: null, lastHostId: 'host-a' });
  });

  it('FailVmStop records VmStopFailed on the host', () =>
    spec
      .given(given.stopping)
      .when(cmd.failStop())
      .then([{ type: 'VmStopFailed', data: { ...ref, hostId: 'host-a', reason: 'guest ignored ACPI' } }]));

  it('FailVmStop returns the VM to Running on the same host', () => {
    const state = fold(vmDecider, [
      ...given.stopping,
      { type: 'VmStopFailed', data: { ...ref, hostId: 'host-a', reason: 'x' } },
    ]);
    expect(state).toMatchObject({ status: 'Running', placement: hostA });
  });

  it('RequestVmStop forced escalates the graceful stop in progress', () =>
    spec
      .given(given.stopping)
      .when(cmd.requestStop(true))
      .then([ev.stopRequested(true)]));

  it('RequestVmStop graceful is refused while a stop is in progress', () =>
    spec
      .given(given.stopping)
      .when(cmd.requestStop())
      .thenThrows('VM_NOT_RUNNING', (e) =>
        expect(e.message).toBe('stop vm can only execute when VM in Running; VM web-1 is Stopping'),
      ));

  it('RebootVm is refused: CloudStack reboots only Running VMs', () =>
    spec.given(given.stopping).when(cmd.reboot()).thenThrows('VM_NOT_RUNNING'));
});
