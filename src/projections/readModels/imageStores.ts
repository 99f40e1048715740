import {
  type ImageStore,
  type ImageStoreState,
  imageStoreCategory,
  imageStoreDecider,
  imageStoreEventSchemas,
} from '../../domain/imageStore/index.ts';
import { streamReadModel } from './support.ts';

export const imageStores = streamReadModel<ImageStoreState>({
  name: 'image_stores',
  version: 1,
  category: imageStoreCategory,
  schemas: imageStoreEventSchemas,
  decider: imageStoreDecider,
  columns:
    'name text NOT NULL, zone_id text NOT NULL, provider text NOT NULL, url text NOT NULL, read_only boolean NOT NULL',
  indexes: ['(zone_id, name, id)', '(name, id)'],
  columnsOf: (s: ImageStore | null) =>
    s && { name: s.name, zone_id: s.zoneId, provider: s.provider, url: s.url, read_only: s.readOnly },
  removed: (s) => s?.removed === true,
});
