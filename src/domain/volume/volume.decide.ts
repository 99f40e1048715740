import { invalid } from '../shared/index.ts';
import type { VolumeCommand } from './volume.commands.ts';
import type { VolumeEvent } from './volume.events.ts';
import {
  completeVolumeCreation,
  completeVolumeExpunge,
  createRootVolume,
  createVolume,
  deleteVolume,
  destroyRootVolume,
  expungeVolume,
  failVolumeCreation,
  failVolumeExpunge,
  placeVolume,
  recoverVolume,
} from './volume.lifecycle.ts';
import {
  attachVolume,
  beginVolumeRevert,
  beginVolumeSnapshot,
  completeVolumeAttach,
  completeVolumeMigration,
  completeVolumeResize,
  completeVolumeRevert,
  detachVolume,
  endVolumeSnapshot,
  failVolumeAttach,
  failVolumeMigration,
  failVolumeResize,
  failVolumeRevert,
  migrateVolume,
  resizeVolume,
} from './volume.operations.ts';
import type { VolumeState } from './volume.state.ts';

export const decide = (command: VolumeCommand, state: VolumeState): readonly VolumeEvent[] => {
  switch (command.type) {
    case 'CreateVolume':
      return createVolume(command, state);
    case 'CreateRootVolume':
      return createRootVolume(command, state);
    case 'PlaceVolume':
      return placeVolume(command, state);
    case 'CompleteVolumeCreation':
      return completeVolumeCreation(command, state);
    case 'FailVolumeCreation':
      return failVolumeCreation(command, state);
    case 'AttachVolume':
      return attachVolume(command, state);
    case 'CompleteVolumeAttach':
      return completeVolumeAttach(command, state);
    case 'FailVolumeAttach':
      return failVolumeAttach(command, state);
    case 'DetachVolume':
      return detachVolume(command, state);
    case 'ResizeVolume':
      return resizeVolume(command, state);
    case 'CompleteVolumeResize':
      return completeVolumeResize(command, state);
    case 'FailVolumeResize':
      return failVolumeResize(command, state);
    case 'BeginVolumeSnapshot':
      return beginVolumeSnapshot(command, state);
    case 'EndVolumeSnapshot':
      return endVolumeSnapshot(command, state);
    case 'BeginVolumeRevert':
      return beginVolumeRevert(command, state);
    case 'CompleteVolumeRevert':
      return completeVolumeRevert(command, state);
    case 'FailVolumeRevert':
      return failVolumeRevert(command, state);
    case 'MigrateVolume':
      return migrateVolume(command, state);
    case 'CompleteVolumeMigration':
      return completeVolumeMigration(command, state);
    case 'FailVolumeMigration':
      return failVolumeMigration(command, state);
    case 'DeleteVolume':
      return deleteVolume(command, state);
    case 'DestroyRootVolume':
      return destroyRootVolume(command, state);
    case 'RecoverVolume':
      return recoverVolume(command, state);
    case 'ExpungeVolume':
      return expungeVolume(command, state);
    case 'CompleteVolumeExpunge':
      return completeVolumeExpunge(command, state);
    case 'FailVolumeExpunge':
      return failVolumeExpunge(command, state);
    default: {
      const unknown: never = command;
      throw invalid('UNKNOWN_COMMAND', `Unknown volume command ${JSON.stringify(unknown)}`);
    }
  }
};
