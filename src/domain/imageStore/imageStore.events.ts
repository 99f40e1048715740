import { z } from 'zod';
import { type EventsOf, v1 } from '../shared/index.ts';

export const imageStoreProviders = ['NFS', 'Swift', 'S3'] as const;
export type ImageStoreProvider = (typeof imageStoreProviders)[number];

const id = z.string().min(1);
const place = { imageStoreId: id, zoneId: id };

export const imageStoreEventSchemas = {
  ImageStoreAdded: v1(
    z.object({
      ...place,
      name: z.string().min(1),
      provider: z.enum(imageStoreProviders),
      url: z.string().min(1),
      readOnly: z.boolean(),
    }),
  ),
  /** A read-only store keeps serving what it holds but receives no new templates, ISOs or snapshots. */
  ImageStoreReadOnlyChanged: v1(z.object({ ...place, readOnly: z.boolean() })),
  ImageStoreDeleted: v1(z.object({ ...place, name: z.string() })),
};

export type ImageStoreEvent = EventsOf<typeof imageStoreEventSchemas>;
