import type { VmCommand } from './vm.commands.ts';
import {
  changeVmServiceOffering,
  completeVmMigration,
  failVmMigration,
  issueConsoleAccessToken,
  requestVmMigration,
  resetVmPassword,
  restoreVm,
  scaleVm,
  updateVm,
} from './vm.decide.change.ts';
import {
  completeVmStart,
  completeVmStop,
  deployVm,
  failVmStart,
  failVmStop,
  hostDownForVm,
  rebootVm,
  reportVmPowerState,
  requestVmStart,
  requestVmStop,
} from './vm.decide.lifecycle.ts';
import { destroyVm, expungeVm, recoverVm } from './vm.decide.retire.ts';
import type { VmEvent } from './vm.events.ts';
import type { VmState } from './vm.state.ts';

export const decide = (command: VmCommand, state: VmState): readonly VmEvent[] => {
  const { type } = command;
  switch (type) {
    case 'DeployVm':
      return deployVm(command, state);
    case 'RequestVmStart':
      return requestVmStart(command, state);
    case 'CompleteVmStart':
      return completeVmStart(command, state);
    case 'FailVmStart':
      return failVmStart(command, state);
    case 'RequestVmStop':
      return requestVmStop(command, state);
    case 'CompleteVmStop':
      return completeVmStop(command, state);
    case 'FailVmStop':
      return failVmStop(command, state);
    case 'RebootVm':
      return rebootVm(command, state);
    case 'DestroyVm':
      return destroyVm(command, state);
    case 'RecoverVm':
      return recoverVm(command, state);
    case 'ExpungeVm':
      return expungeVm(command, state);
    case 'RestoreVm':
      return restoreVm(command, state);
    case 'RequestVmMigration':
      return requestVmMigration(command, state);
    case 'CompleteVmMigration':
      return completeVmMigration(command, state);
    case 'FailVmMigration':
      return failVmMigration(command, state);
    case 'ChangeVmServiceOffering':
      return changeVmServiceOffering(command, state);
    case 'ScaleVm':
      return scaleVm(command, state);
    case 'UpdateVm':
      return updateVm(command, state);
    case 'IssueConsoleAccessToken':
      return issueConsoleAccessToken(command, state);
    case 'ResetVmPassword':
      return resetVmPassword(command, state);
    case 'ReportVmPowerState':
      return reportVmPowerState(command, state);
    case 'HostDownForVm':
      return hostDownForVm(command, state);
    default: {
      const unknown: never = type;
      throw new Error(`unknown VM command ${String(unknown)}`);
    }
  }
};
