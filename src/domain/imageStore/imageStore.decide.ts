import { requireResourceName } from '../infrastructure/index.ts';
import { conflict, illegalState, invalid, notFound, requireLive, requireNew } from '../shared/index.ts';
import type {
  AddImageStore,
  DeleteImageStore,
  ImageStoreCommand,
  SetImageStoreReadOnly,
} from './imageStore.commands.ts';
import type { ImageStoreEvent } from './imageStore.events.ts';
import type { ImageStore, ImageStoreState } from './imageStore.state.ts';
import { validateImageStoreUrl } from './imageStore.url.ts';

const requireStore = (state: ImageStoreState, imageStoreId: string): ImageStore =>
  requireLive(state, () =>
    notFound('IMAGE_STORE_NOT_FOUND', `Image store ${imageStoreId} does not exist or was deleted`, {
      imageStoreId,
    }),
  );

const addImageStore = ({ data }: AddImageStore, state: ImageStoreState): ImageStoreEvent[] => {
  requireNew(state, () =>
    conflict('IMAGE_STORE_ALREADY_EXISTS', `Image store ${data.imageStoreId} already exists`, {
      imageStoreId: data.imageStoreId,
    }),
  );
  const name = requireResourceName(data.name, 'IMAGE_STORE_NAME_REQUIRED', 'image store');
  const url = validateImageStoreUrl(data.provider, data.url);
  return [
    {
      type: 'ImageStoreAdded',
      data: {
        imageStoreId: data.imageStoreId,
        zoneId: data.zoneId,
        name,
        provider: data.provider,
        url,
        readOnly: data.readOnly ?? false,
      },
    },
  ];
};

const setReadOnly = ({ data }: SetImageStoreReadOnly, state: ImageStoreState): ImageStoreEvent[] => {
  const store = requireStore(state, data.imageStoreId);
  return store.readOnly === data.readOnly
    ? []
    : [
        {
          type: 'ImageStoreReadOnlyChanged',
          data: { imageStoreId: store.imageStoreId, zoneId: store.zoneId, readOnly: data.readOnly },
        },
      ];
};

const deleteImageStore = ({ data }: DeleteImageStore, state: ImageStoreState): ImageStoreEvent[] => {
  const store = requireStore(state, data.imageStoreId);
  if (data.storedObjectCount > 0)
    throw illegalState(
      'IMAGE_STORE_NOT_EMPTY',
      `Image store ${store.name} still holds ${data.storedObjectCount} template(s), ISO(s), snapshot(s) or volume(s); migrate or delete them first`,
      { imageStoreId: store.imageStoreId, storedObjectCount: data.storedObjectCount },
    );
  return [
    {
      type: 'ImageStoreDeleted',
      data: { imageStoreId: store.imageStoreId, zoneId: store.zoneId, name: store.name },
    },
  ];
};

export const decide = (command: ImageStoreCommand, state: ImageStoreState): readonly ImageStoreEvent[] => {
  switch (command.type) {
    case 'AddImageStore':
      return addImageStore(command, state);
    case 'SetImageStoreReadOnly':
      return setReadOnly(command, state);
    case 'DeleteImageStore':
      return deleteImageStore(command, state);
    default: {
      const unknown: never = command;
      throw invalid(
        'IMAGE_STORE_COMMAND_UNKNOWN',
        `Unknown image store command ${(unknown as { type: string }).type}`,
      );
    }
  }
};
