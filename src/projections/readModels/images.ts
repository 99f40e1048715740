import { type ImageState, imageCategory, imageDecider, imageEventSchemas } from '../../domain/image/index.ts';
import { streamReadModel } from './support.ts';

/**
 * Templates and ISOs (one table with a `kind`, as CloudStack's vm_template), with each zone's copy
 * (download state, percent, sizes, error) in `zones` and the zones holding a copy, or a ready one,
 * as arrays for the zone filter.
 */
export const images = streamReadModel<ImageState>({
  name: 'images',
  version: 1,
  category: imageCategory,
  schemas: imageEventSchemas,
  decider: imageDecider,
  columns: `name text NOT NULL, display_text text NOT NULL, kind text NOT NULL, account_id text NOT NULL,
    tenant_domain_id text NOT NULL, format text NOT NULL, hypervisor text, os_type text, source jsonb NOT NULL,
    is_public boolean NOT NULL, is_featured boolean NOT NULL, cross_zones boolean NOT NULL,
    password_enabled boolean NOT NULL, dynamically_scalable boolean NOT NULL, bootable boolean NOT NULL,
    size_bytes bigint, state text NOT NULL, zones jsonb NOT NULL, zone_ids text[] NOT NULL,
    ready_zone_ids text[] NOT NULL`,
  indexes: [
    '(kind, name, id)',
    '(account_id)',
    '(tenant_domain_id)',
    '(name, id)',
    'USING gin (zone_ids)',
    '(is_public) WHERE is_public',
  ],
  columnsOf: (i) => {
    if (i.status === 'None') return null;
    const copies = Object.values(i.zones).sort((a, b) => (a.zoneId < b.zoneId ? -1 : 1));
    return {
      name: i.name,
      display_text: i.displayText,
      kind: i.kind,
      account_id: i.ownerAccountId,
      tenant_domain_id: i.tenantDomainId,
      format: i.format,
      hypervisor: i.hypervisor,
      os_type: i.osType,
      source: i.source,
      is_public: i.isPublic,
      is_featured: i.isFeatured,
      cross_zones: i.crossZones,
      password_enabled: i.passwordEnabled,
      dynamically_scalable: i.dynamicallyScalable,
      bootable: i.bootable,
      size_bytes: i.sizeBytes,
      state: i.status,
      zones: i.zones,
      zone_ids: copies.map((c) => c.zoneId),
      ready_zone_ids: copies.filter((c) => c.ready).map((c) => c.zoneId),
    };
  },
  removed: (i) => i.status === 'Inactive',
});
