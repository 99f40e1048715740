import type { Decider } from '../shared/index.ts';
import type { ImageStoreCommand } from './imageStore.commands.ts';
import { decide } from './imageStore.decide.ts';
import type { ImageStoreEvent } from './imageStore.events.ts';
import { evolve, type ImageStoreState, initialState } from './imageStore.state.ts';

export const imageStoreCategory = 'imagestore';

export const imageStoreDecider: Decider<ImageStoreCommand, ImageStoreState, ImageStoreEvent> = {
  initialState,
  evolve,
  decide,
};
export const decider = imageStoreDecider;

export * from './imageStore.commands.ts';
export * from './imageStore.events.ts';
export type { ImageStore, ImageStoreState } from './imageStore.state.ts';
export { validateImageStoreUrl } from './imageStore.url.ts';
