import {
  type TariffState,
  tariffCategory,
  tariffDecider,
  tariffEventSchemas,
} from '../../domain/usage/tariff/index.ts';
import { streamReadModel } from '../readModels/support.ts';

/** usage_tariffs: one row per tariff with its price history (versions) and whether it was ended. */
export const usageTariffs = streamReadModel<TariffState>({
  name: 'usage_tariffs',
  version: 1,
  category: tariffCategory,
  schemas: tariffEventSchemas,
  decider: tariffDecider,
  columns: `name text NOT NULL, description text NOT NULL, quota_type integer NOT NULL, currency text NOT NULL,
    offering_id text, zone_id text, versions jsonb NOT NULL, ended_at timestamptz`,
  indexes: ['(quota_type, name)'],
  columnsOf: (t) =>
    t && {
      name: t.name,
      description: t.description,
      quota_type: t.quotaType,
      currency: t.currency,
      offering_id: t.offeringId,
      zone_id: t.zoneId,
      versions: t.versions,
      ended_at: t.endedAt,
    },
  removed: (t) => t?.endedAt != null,
});
