import { type VmState, vmCategory, vmDecider, vmEventSchemas } from '../../domain/vm/index.ts';
import { streamReadModel } from './support.ts';

/**
 * Virtual machines: owner, place (host, and while it runs its pod and cluster), offering and size,
 * template or ISO, state and timestamps. `nics` stays an empty list until networking records NICs;
 * the VM's volumes are read from the volumes read model by the queries (one writer per fact).
 */
export const vms = streamReadModel<VmState>({
  name: 'vms',
  version: 2,
  category: vmCategory,
  schemas: vmEventSchemas,
  decider: vmDecider,
  columns: `name text NOT NULL, display_name text NOT NULL, account_id text NOT NULL,
    tenant_domain_id text NOT NULL, user_id text NOT NULL, zone_id text NOT NULL, pod_id text, cluster_id text,
    host_id text, last_host_id text, migration_target_host_id text, service_offering_id text NOT NULL,
    template_id text, iso_id text, hypervisor text NOT NULL, cpu_number integer NOT NULL,
    cpu_speed_mhz integer NOT NULL, memory_mib integer NOT NULL, state text NOT NULL, group_name text,
    ha_enabled boolean NOT NULL, dynamic_scaling_enabled boolean NOT NULL, root_volume_id text NOT NULL,
    nics jsonb NOT NULL`,
  // Partial on live VMs, as lists filter them by default: counts of large matches stay index-only.
  indexes: [
    '(account_id, name, id) WHERE removed_at IS NULL',
    '(tenant_domain_id, name, id) WHERE removed_at IS NULL',
    '(zone_id, state, name, id) WHERE removed_at IS NULL',
    '(state, name, id) WHERE removed_at IS NULL',
    '(host_id) WHERE removed_at IS NULL',
    '(cluster_id) WHERE removed_at IS NULL',
    '(name, id) WHERE removed_at IS NULL',
    '(created_at, id) WHERE removed_at IS NULL',
    // Keyword search (name or display name containing the word): trigram indexes (migration 0012).
    'USING gin (name gin_trgm_ops, display_name gin_trgm_ops) WHERE removed_at IS NULL',
  ],

  columnsOf: (vm) =>
    vm.status === 'Initial'
      ? null
      : {
          name: vm.name,
          display_name: vm.displayName,
          account_id: vm.accountId,
          tenant_domain_id: vm.tenantDomainId,
          user_id: vm.userId,
          zone_id: vm.zoneId,
          pod_id: vm.placement?.podId ?? null,
          cluster_id: vm.placement?.clusterId ?? null,
          host_id: vm.placement?.hostId ?? null,
          last_host_id: vm.lastHostId,
          migration_target_host_id: vm.migrationTarget?.hostId ?? null,
          service_offering_id: vm.serviceOfferingId,
          template_id: vm.image.kind === 'template' ? vm.image.templateId : null,
          iso_id: vm.image.kind === 'iso' ? vm.image.isoId : null,
          hypervisor: vm.hypervisor,
          cpu_number: vm.size.cpuNumber,
          cpu_speed_mhz: vm.size.cpuSpeedMhz,
          memory_mib: vm.size.memoryMiB,
          state: vm.status,
          group_name: vm.group,
          ha_enabled: vm.haEnabled,
          dynamic_scaling_enabled: vm.dynamicScalingEnabled,
          root_volume_id: vm.rootVolumeId,
          nics: [],
        },
  removed: (vm) => vm.status === 'Expunged',
});
