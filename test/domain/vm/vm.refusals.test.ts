import { describe, expect, it } from 'vitest';
import { fold } from '../../../src/domain/shared/index.ts';
import type { VmCommand } from '../../../src/domain/vm/index.ts';
import { vmDecider } from '../../../src/domain/vm/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import { cmd, given, hostB } from './fixtures.ts';

/**
 * Every command in every state: allowed, or refused with its code. A missing VM is VM_NOT_FOUND, an
 * expunged one VM_EXPUNGED, a destroyed one VM_ALREADY_DESTROYED and an expunging one VM_EXPUNGING,
 * unless the command is allowed there; anywhere else the command's own code.
 */
const spec = DeciderSpecification.for(vmDecider);

const states = {
  initial: given.initial,
  Stopped: given.created,
  Starting: given.starting,
  Running: given.running,
  Stopping: given.stopping,
  Migrating: given.migrating,
  Destroyed: given.destroyed,
  Expunging: given.expunging,
  Error: given.error,
  Expunged: given.expunged,
};
type StateName = keyof typeof states;

const gone: Partial<Record<StateName, string>> = {
  initial: 'VM_NOT_FOUND',
  Destroyed: 'VM_ALREADY_DESTROYED',
  Expunging: 'VM_EXPUNGING',
  Expunged: 'VM_EXPUNGED',
};

/** The expected outcome per state: 'ok' where allowed. */
const row = (code: string, allowed: StateName[], special: Partial<Record<StateName, string>> = {}) =>
  Object.fromEntries(
    (Object.keys(states) as StateName[]).map((s) => [
      s,
      allowed.includes(s) ? 'ok' : (special[s] ?? gone[s] ?? code),
    ]),
  ) as Record<StateName, string>;

const alive: StateName[] = ['Stopped', 'Starting', 'Running', 'Stopping', 'Migrating'];

const matrix: ReadonlyArray<readonly [string, VmCommand, Record<StateName, string>]> = [
  [
    'DeployVm',
    cmd.deploy(),
    row('VM_ALREADY_EXISTS', ['initial'], {
      Destroyed: 'VM_ALREADY_EXISTS',
      Expunging: 'VM_ALREADY_EXISTS',
      Expunged: 'VM_ALREADY_EXISTS',
    }),
  ],
  ['RequestVmStart', cmd.requestStart(), row('VM_NOT_STOPPED', ['Stopped'])],
  ['CompleteVmStart', cmd.completeStart(), row('VM_NOT_STARTING', ['Starting'])],
  ['FailVmStart', cmd.failStart(), row('VM_NOT_STARTING', ['Starting'])],
  ['FailVmStart toError', cmd.failStart(true), row('VM_NOT_STARTING', ['Stopped', 'Starting'])],
  ['RequestVmStop', cmd.requestStop(), row('VM_NOT_RUNNING', ['Running'])],
  ['RequestVmStop forced', cmd.requestStop(true), row('VM_NOT_RUNNING', ['Running', 'Stopping'])],
  ['CompleteVmStop', cmd.completeStop(), row('VM_NOT_STOPPING', ['Stopping'])],
  ['FailVmStop', cmd.failStop(), row('VM_NOT_STOPPING', ['Stopping'])],
  ['RebootVm', cmd.reboot(), row('VM_NOT_RUNNING', ['Running'])],
  [
    'DestroyVm',
    cmd.destroy(),
    row('VM_NOT_STOPPED', ['Stopped', 'Error'], { Running: 'VM_MUST_BE_STOPPED' }),
  ],
  ['RecoverVm', cmd.recover(), row('VM_NOT_DESTROYED', ['Destroyed'])],
  ['ExpungeVm', cmd.expunge(), row('VM_NOT_DESTROYED', ['Destroyed', 'Expunging', 'Error'])],
  ['RestoreVm', cmd.restore(), row('VM_NOT_RUNNING_OR_STOPPED', ['Stopped', 'Running'])],
  ['RequestVmMigration', cmd.migrate(hostB), row('VM_NOT_RUNNING', ['Running'])],
  ['CompleteVmMigration', cmd.completeMigration(), row('VM_NOT_MIGRATING', ['Migrating'])],
  ['FailVmMigration', cmd.failMigration(), row('VM_NOT_MIGRATING', ['Migrating'])],
  ['ChangeVmServiceOffering', cmd.changeOffering(), row('VM_NOT_STOPPED', ['Stopped'])],
  ['ScaleVm', cmd.scale(), row('VM_NOT_RUNNING', ['Running'])],
  ['UpdateVm', cmd.update({ displayName: 'Other' }), row('VM_IN_ERROR', alive)],
  ['IssueConsoleAccessToken', cmd.consoleToken(), row('VM_NOT_RUNNING', ['Running'])],
  ['ResetVmPassword', cmd.resetPassword(), row('VM_NOT_STOPPED', ['Stopped'])],
  ['ReportVmPowerState On', cmd.power('On'), row('VM_UNEXPECTEDLY_RUNNING', alive)],
  ['ReportVmPowerState Off', cmd.power('Off'), row('unused', [...alive, 'Destroyed', 'Expunging', 'Error'])],
  ['HostDownForVm', cmd.hostDown(), row('VM_NOT_RUNNING', ['Running', 'Stopping', 'Migrating'])],
];

describe.each(Object.keys(states) as StateName[])('a VM in state %s', (state) => {
  const cases = matrix.map(([name, command, outcomes]) => [name, outcomes[state], command] as const);

  it.each(cases.filter(([, outcome]) => outcome !== 'ok'))('%s is refused with %s', (_, code, command) =>
    spec.given(states[state]).when(command).thenThrows(code),
  );

  it.each(cases.filter(([, outcome]) => outcome === 'ok'))('%s is %s', (_, __, command) =>
    expect(() => vmDecider.decide(command, fold(vmDecider, states[state]))).not.toThrow(),
  );
});
