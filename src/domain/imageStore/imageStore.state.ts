import type { ImageStoreEvent, ImageStoreProvider } from './imageStore.events.ts';

export type ImageStore = {
  readonly imageStoreId: string;
  readonly zoneId: string;
  readonly name: string;
  readonly provider: ImageStoreProvider;
  readonly url: string;
  readonly readOnly: boolean;
  readonly removed: boolean;
};

/** null until ImageStoreAdded. */
export type ImageStoreState = ImageStore | null;

export const initialState = (): ImageStoreState => null;

export const evolve = (state: ImageStoreState, event: ImageStoreEvent): ImageStoreState => {
  if (event.type === 'ImageStoreAdded') return { ...event.data, removed: false };
  if (state === null) return state;
  switch (event.type) {
    case 'ImageStoreReadOnlyChanged':
      return { ...state, readOnly: event.data.readOnly };
    case 'ImageStoreDeleted':
      return { ...state, removed: true };
    default:
      return state;
  }
};
