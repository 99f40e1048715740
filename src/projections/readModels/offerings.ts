import {
  type DiskOfferingState,
  diskOfferingCategory,
  diskOfferingDecider,
  diskOfferingEventSchemas,
} from '../../domain/offering/disk/index.ts';
import {
  type ServiceOfferingState,
  serviceOfferingCategory,
  serviceOfferingDecider,
  serviceOfferingEventSchemas,
} from '../../domain/offering/service/index.ts';
import { type Columns, streamReadModel } from './support.ts';

/** Columns both offerings share: name, text, storage type and tags, and where they are offered (empty = everywhere). */
const commonColumns = `name text NOT NULL, display_text text NOT NULL, storage_type text NOT NULL,
  storage_tags text[] NOT NULL, domain_ids text[] NOT NULL, zone_ids text[] NOT NULL, state text NOT NULL,
  sizing jsonb NOT NULL`;
const commonIndexes = ['(name, id)', 'USING gin (zone_ids)', 'USING gin (domain_ids)'];

type Common = {
  readonly status: string;
  readonly name: string;
  readonly displayText: string;
  readonly storageType: string;
  readonly storageTags: readonly string[];
  readonly domainIds: readonly string[];
  readonly zoneIds: readonly string[];
  readonly sizing: unknown;
};

const commonOf = (o: Common): Columns => ({
  name: o.name,
  display_text: o.displayText,
  storage_type: o.storageType,
  storage_tags: o.storageTags,
  domain_ids: o.domainIds,
  zone_ids: o.zoneIds,
  state: o.status,
  sizing: o.sizing,
});

export const serviceOfferings = streamReadModel<ServiceOfferingState>({
  name: 'service_offerings',
  version: 1,
  category: serviceOfferingCategory,
  schemas: serviceOfferingEventSchemas,
  decider: serviceOfferingDecider,
  columns: `${commonColumns}, custom boolean NOT NULL, cpu_number integer, cpu_speed_mhz integer,
    memory_mib integer, host_tags text[] NOT NULL, offer_ha boolean NOT NULL, is_system boolean NOT NULL,
    dynamic_scaling_enabled boolean NOT NULL, limit_cpu_use boolean NOT NULL, network_rate_mbps integer,
    deployment_planner text`,
  indexes: [...commonIndexes, 'USING gin (host_tags)'],
  columnsOf: (o) => {
    if (o.status === 'None') return null;
    const fixed = o.sizing.kind === 'fixed' ? o.sizing : null;
    return {
      ...commonOf(o),
      custom: fixed === null,
      cpu_number: fixed?.cpuNumber ?? null,
      cpu_speed_mhz: fixed?.cpuSpeedMhz ?? (o.sizing.kind === 'custom' ? o.sizing.cpuSpeedMhz : null),
      memory_mib: fixed?.memoryMiB ?? null,
      host_tags: o.hostTags,
      offer_ha: o.offerHa,
      is_system: o.isSystem,
      dynamic_scaling_enabled: o.dynamicScalingEnabled,
      limit_cpu_use: o.limitCpuUse,
      network_rate_mbps: o.networkRateMbps,
      deployment_planner: o.deploymentPlanner,
    };
  },
  removed: (o) => o.status === 'Removed',
});

export const diskOfferings = streamReadModel<DiskOfferingState>({
  name: 'disk_offerings',
  version: 1,
  category: diskOfferingCategory,
  schemas: diskOfferingEventSchemas,
  decider: diskOfferingDecider,
  columns: `${commonColumns}, custom boolean NOT NULL, size_gib integer, qos jsonb NOT NULL`,
  indexes: commonIndexes,
  columnsOf: (o) =>
    o.status === 'None'
      ? null
      : {
          ...commonOf(o),
          custom: o.sizing.kind === 'custom',
          size_gib: o.sizing.kind === 'fixed' ? o.sizing.sizeGiB : null,
          qos: o.qos,
        },
  removed: (o) => o.status === 'Removed',
});
