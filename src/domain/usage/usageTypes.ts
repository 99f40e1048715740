/**
 * CloudStack's usage types with their numbers (org.apache.cloudstack.usage.UsageTypes,
 * cloudstack-domain.md §6.1) and the quota plugin's tariff types (§6.3). Numbers 15–20 are unused
 * by usage; the quota plugin uses 15–17 for the compute parts of RUNNING_VM.
 */

/** What raw usage counts: hours in a state, or a counter (bytes, I/O operations). */
export type RawUnit = 'hours' | 'bytes' | 'operations';

export type UsageTypeInfo = {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly unit: RawUnit;
  /** Whether records of this type carry a size (storage types): quantity is then size × hours. */
  readonly sized: boolean;
};

const type = (id: number, name: string, description: string, unit: RawUnit, sized = false) =>
  ({ id, name, description, unit, sized }) as const;

export const usageTypes = [
  type(1, 'RUNNING_VM', 'Running Vm Usage', 'hours'),
  type(2, 'ALLOCATED_VM', 'Allocated Vm Usage', 'hours'),
  type(3, 'IP_ADDRESS', 'IP Address Usage', 'hours'),
  type(4, 'NETWORK_BYTES_SENT', 'Network Usage (Bytes Sent)', 'bytes'),
  type(5, 'NETWORK_BYTES_RECEIVED', 'Network Usage (Bytes Received)', 'bytes'),
  type(6, 'VOLUME', 'Volume Usage', 'hours', true),
  type(7, 'TEMPLATE', 'Template Usage', 'hours', true),
  type(8, 'ISO', 'ISO Usage', 'hours', true),
  type(9, 'SNAPSHOT', 'Snapshot Usage', 'hours', true),
  type(10, 'SECURITY_GROUP', 'Security Group Usage', 'hours'),
  type(11, 'LOAD_BALANCER_POLICY', 'Load Balancer Usage', 'hours'),
  type(12, 'PORT_FORWARDING_RULE', 'Port Forwarding Usage', 'hours'),
  type(13, 'NETWORK_OFFERING', 'Network Offering Usage', 'hours'),
  type(14, 'VPN_USERS', 'VPN users usage', 'hours'),
  type(21, 'VM_DISK_IO_READ', 'VM Disk usage(I/O Read)', 'operations'),
  type(22, 'VM_DISK_IO_WRITE', 'VM Disk usage(I/O Write)', 'operations'),
  type(23, 'VM_DISK_BYTES_READ', 'VM Disk usage(Bytes Read)', 'bytes'),
  type(24, 'VM_DISK_BYTES_WRITE', 'VM Disk usage(Bytes Write)', 'bytes'),
  type(25, 'VM_SNAPSHOT', 'VM Snapshot storage usage', 'hours', true),
  type(26, 'VOLUME_SECONDARY', 'Volume on secondary storage usage', 'hours', true),
  type(27, 'VM_SNAPSHOT_ON_PRIMARY', 'VM Snapshot on primary storage usage', 'hours', true),
  type(28, 'BACKUP', 'Backup storage usage', 'hours', true),
  type(29, 'BUCKET', 'Bucket storage usage', 'hours', true),
  type(30, 'NETWORK', 'Network usage', 'hours'),
  type(31, 'VPC', 'VPC usage', 'hours'),
] as const satisfies readonly UsageTypeInfo[];

export type UsageTypeName = (typeof usageTypes)[number]['name'];

/** The numbers Skyledger meters from its event history (no network aggregate records IPs or bytes yet). */
export const UsageType = {
  RUNNING_VM: 1,
  ALLOCATED_VM: 2,
  VOLUME: 6,
  TEMPLATE: 7,
  ISO: 8,
  SNAPSHOT: 9,
} as const;
export type MeteredUsageType = (typeof UsageType)[keyof typeof UsageType];
export const meteredUsageTypes: readonly MeteredUsageType[] = Object.values(UsageType);

const byId = new Map<number, UsageTypeInfo>(usageTypes.map((t) => [t.id, t]));
const byName = new Map<string, UsageTypeInfo>(usageTypes.map((t) => [t.name, t]));

export const usageTypeInfo = (id: number): UsageTypeInfo | undefined => byId.get(id);
export const usageTypeNamed = (name: string): UsageTypeInfo | undefined => byName.get(name);

/**
 * How a quota tariff prices a record: per month of use, per GiB-month of size, per GiB of a byte
 * counter, per operation, or per month of one compute part of a running VM (CloudStack's
 * CPU_CLOCK_RATE per 100 MHz, CPU_NUMBER per vCPU, MEMORY per MB).
 */
export type TariffUnit =
  | 'month'
  | 'gibMonth'
  | 'gib'
  | 'operation'
  | 'cpuClock100MhzMonth'
  | 'vcpuMonth'
  | 'memoryMbMonth';

export type QuotaTypeInfo = {
  readonly id: number;
  readonly name: string;
  /** CloudStack's unit label (quotaTypes `unit`). */
  readonly unitLabel: string;
  readonly unit: TariffUnit;
  /** The usage type whose records it rates. */
  readonly usageType: number;
};

const quota = (id: number, name: string, unitLabel: string, unit: TariffUnit, usageType = id) =>
  ({ id, name, unitLabel, unit, usageType }) as const;

export const quotaTypes = [
  quota(1, 'RUNNING_VM', 'Compute*Month', 'month'),
  quota(2, 'ALLOCATED_VM', 'Compute*Month', 'month'),
  quota(3, 'IP_ADDRESS', 'IP*Month', 'month'),
  quota(4, 'NETWORK_BYTES_SENT', 'GB', 'gib'),
  quota(5, 'NETWORK_BYTES_RECEIVED', 'GB', 'gib'),
  quota(6, 'VOLUME', 'GB*Month', 'gibMonth'),
  quota(7, 'TEMPLATE', 'GB*Month', 'gibMonth'),
  quota(8, 'ISO', 'GB*Month', 'gibMonth'),
  quota(9, 'SNAPSHOT', 'GB*Month', 'gibMonth'),
  quota(10, 'SECURITY_GROUP', 'Policy*Month', 'month'),
  quota(11, 'LOAD_BALANCER_POLICY', 'Policy*Month', 'month'),
  quota(12, 'PORT_FORWARDING_RULE', 'Policy*Month', 'month'),
  quota(13, 'NETWORK_OFFERING', 'Policy*Month', 'month'),
  quota(14, 'VPN_USERS', 'Policy*Month', 'month'),
  quota(15, 'CPU_CLOCK_RATE', 'Compute*Month', 'cpuClock100MhzMonth', 1),
  quota(16, 'CPU_NUMBER', 'Compute*Month', 'vcpuMonth', 1),
  quota(17, 'MEMORY', 'Compute*Month', 'memoryMbMonth', 1),
  quota(21, 'VM_DISK_IO_READ', 'IOPS', 'operation'),
  quota(22, 'VM_DISK_IO_WRITE', 'IOPS', 'operation'),
  quota(23, 'VM_DISK_BYTES_READ', 'GB', 'gib'),
  quota(24, 'VM_DISK_BYTES_WRITE', 'GB', 'gib'),
  quota(25, 'VM_SNAPSHOT', 'GB*Month', 'gibMonth'),
  quota(26, 'VOLUME_SECONDARY', 'GB*Month', 'gibMonth'),
  quota(27, 'VM_SNAPSHOT_ON_PRIMARY', 'GB*Month', 'gibMonth'),
  quota(28, 'BACKUP', 'GB*Month', 'gibMonth'),
  quota(29, 'BUCKET', 'GB*Month', 'gibMonth'),
  quota(30, 'NETWORK', 'Network*Month', 'month'),
  quota(31, 'VPC', 'VPC*Month', 'month'),
] as const satisfies readonly QuotaTypeInfo[];

export const quotaTypeIds: readonly number[] = quotaTypes.map((q) => q.id);

const quotaById = new Map<number, QuotaTypeInfo>(quotaTypes.map((q) => [q.id, q]));
export const quotaTypeInfo = (id: number): QuotaTypeInfo | undefined => quotaById.get(id);

/** The quota types that rate records of a usage type (RUNNING_VM: itself and its compute parts). */
export const quotaTypesRating = (usageType: number): readonly QuotaTypeInfo[] =>
  quotaTypes.filter((q) => q.usageType === usageType);

export const GIB = 1024 ** 3;
export const HOUR_MS = 3_600_000;
