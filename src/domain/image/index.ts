import type { Decider } from '../shared/index.ts';
import type { ImageCommand } from './image.commands.ts';
import { decide } from './image.decide.ts';
import type { ImageEvent } from './image.events.ts';
import { evolve, type ImageState, initialState } from './image.state.ts';

/** Templates and ISOs share one stream category: CloudStack keeps both in vm_template. */
export const imageCategory = 'image';

export const decider: Decider<ImageCommand, ImageState, ImageEvent> = { initialState, evolve, decide };

export * from './image.commands.ts';
export { canMoveTo, downloadTransitions } from './image.download.ts';
export * from './image.events.ts';
export { assertDeployable, type DeployTarget, isReadyIn } from './image.queries.ts';
export { assertKind, imageLifecycle } from './image.rules.ts';
export {
  type ActiveImage,
  evolve,
  type Image,
  type ImageState,
  type ImageStatus,
  initialState,
  type ZoneCopy,
} from './image.state.ts';
export const imageDecider = decider;
