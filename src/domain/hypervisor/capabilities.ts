/**
 * What each hypervisor can do (reference: cloudstack-domain.md §3). Deciders consult this table and
 * refuse what a hypervisor can't do; the command side passes the hypervisor type in with the command.
 */
export const hypervisorTypes = ['KVM', 'XenServer', 'VMware', 'Ovm', 'BareMetal', 'Simulator'] as const;
export type HypervisorType = (typeof hypervisorTypes)[number];

export const diskFormats = ['VHD', 'VMDK', 'QCOW2', 'RAW', 'OVA', 'ISO', 'BAREMETAL'] as const;
export type DiskFormat = (typeof diskFormats)[number];

/** Primary storage pool types (CloudStack: NetworkFilesystem, IscsiLUN, PreSetup/VMFS for FC, Filesystem for local, SharedMountPoint). */
export const storagePoolTypes = ['NFS', 'iSCSI', 'FC', 'Local', 'SharedMountPoint'] as const;
export type StoragePoolType = (typeof storagePoolTypes)[number];

export type SnapshotSupport = {
  /** incremental chains (XenServer VHD), full copies, or no volume snapshots at all. */
  readonly kind: 'incremental' | 'full' | 'none';
  /** Whether a volume of a Running VM may be snapshotted (KVM: off unless kvm.snapshot.enabled). */
  readonly live: boolean;
};

export type HypervisorCapabilities = {
  readonly type: HypervisorType;
  readonly snapshots: SnapshotSupport;
  /**
   * Whether a volume can be reverted to one of its snapshots (CloudStack's `revertable`). The reference
   * is silent on it; CloudStack decides it in DefaultSnapshotStrategy.canHandle(REVERT): only QCOW2
   * volumes, i.e. KVM. XenServer VHD chains and VMware answer "Reverting not supported. Create a
   * template or volume based on the snapshot instead." The Simulator simulates it.
   */
  readonly revertSnapshots: boolean;
  /** Memory + disk VM snapshots. */
  readonly vmSnapshots: boolean;
  /** Formats a template or volume for this hypervisor may have (ISO is for ISOs only). */
  readonly diskFormats: readonly DiskFormat[];
  readonly storagePoolTypes: readonly StoragePoolType[];
  /** Pool types whose capacity may be over-provisioned. */
  readonly storageOverProvisioning: readonly StoragePoolType[];
  /**
   * Zone-wide primary storage, mounted by every host of this hypervisor in the zone: KVM and VMware
   * (and the Simulator); XenServer's pools are cluster resources.
   */
  readonly zoneWideStorage: boolean;
  /** Whether cluster CPU/RAM over-provisioning factors above 1 are allowed, and the highest allowed. */
  readonly maxCpuOverProvisioning: number;
  readonly maxMemoryOverProvisioning: number;
  /** Running guests per host; null when not enforced (KVM). */
  readonly maxGuestsPerHost: number | null;
  readonly maxDataVolumes: number;
  readonly maxHostsPerCluster: number | null;
  readonly dynamicScaling: boolean;
  /** Where a running VM may move: within its cluster only, anywhere in the zone, or not at all. */
  readonly liveMigration: 'cluster' | 'zone' | 'none';
  /** Whether CloudStack restarts this hypervisor's VMs when a host goes down (VMware: vCenter does). */
  readonly cloudstackHa: boolean;
  readonly securityGroups: boolean;
  readonly planner: 'FirstFitPlanner' | 'BareMetalPlanner';
};

const none: SnapshotSupport = { kind: 'none', live: false };

export const hypervisorCapabilities: Readonly<Record<HypervisorType, HypervisorCapabilities>> = {
  KVM: {
    type: 'KVM',
    snapshots: { kind: 'full', live: false },
    revertSnapshots: true,
    vmSnapshots: true,
    diskFormats: ['QCOW2', 'RAW', 'ISO'],
    storagePoolTypes: ['NFS', 'SharedMountPoint', 'Local'],
    storageOverProvisioning: ['NFS'],
    zoneWideStorage: true,
    maxCpuOverProvisioning: Number.POSITIVE_INFINITY,
    maxMemoryOverProvisioning: Number.POSITIVE_INFINITY,
    maxGuestsPerHost: null,
    maxDataVolumes: 6,
    maxHostsPerCluster: null,
    dynamicScaling: true,
    liveMigration: 'cluster',
    cloudstackHa: true,
    securityGroups: true,
    planner: 'FirstFitPlanner',
  },
  XenServer: {
    type: 'XenServer',
    snapshots: { kind: 'incremental', live: true },
    revertSnapshots: false,
    vmSnapshots: true,
    diskFormats: ['VHD', 'ISO'],
    storagePoolTypes: ['NFS', 'iSCSI', 'FC', 'Local'],
    storageOverProvisioning: ['NFS'],
    zoneWideStorage: false,
    maxCpuOverProvisioning: 4,
    maxMemoryOverProvisioning: 4,
    maxGuestsPerHost: 50,
    maxDataVolumes: 13,
    maxHostsPerCluster: null,
    dynamicScaling: true,
    liveMigration: 'zone',
    cloudstackHa: true,
    securityGroups: true,
    planner: 'FirstFitPlanner',
  },
  VMware: {
    type: 'VMware',
    snapshots: { kind: 'full', live: true },
    revertSnapshots: false,
    vmSnapshots: true,
    diskFormats: ['OVA', 'VMDK', 'ISO'],
    storagePoolTypes: ['NFS', 'iSCSI', 'FC', 'Local'],
    storageOverProvisioning: ['NFS', 'iSCSI'],
    zoneWideStorage: true,
    maxCpuOverProvisioning: Number.POSITIVE_INFINITY,
    maxMemoryOverProvisioning: Number.POSITIVE_INFINITY,
    maxGuestsPerHost: 128,
    maxDataVolumes: 6,
    maxHostsPerCluster: 32,
    dynamicScaling: true,
    liveMigration: 'zone',
    cloudstackHa: false,
    securityGroups: false,
    planner: 'FirstFitPlanner',
  },
  Ovm: {
    type: 'Ovm',
    snapshots: none,
    revertSnapshots: false,
    vmSnapshots: false,
    diskFormats: ['RAW', 'ISO'],
    storagePoolTypes: ['NFS'],
    storageOverProvisioning: [],
    zoneWideStorage: false,
    maxCpuOverProvisioning: 1,
    maxMemoryOverProvisioning: 1,
    maxGuestsPerHost: 25,
    maxDataVolumes: 6,
    maxHostsPerCluster: null,
    dynamicScaling: false,
    liveMigration: 'cluster',
    cloudstackHa: true,
    securityGroups: false,
    planner: 'FirstFitPlanner',
  },
  BareMetal: {
    type: 'BareMetal',
    snapshots: none,
    revertSnapshots: false,
    vmSnapshots: false,
    diskFormats: ['BAREMETAL'],
    storagePoolTypes: [],
    storageOverProvisioning: [],
    zoneWideStorage: false,
    maxCpuOverProvisioning: 1,
    maxMemoryOverProvisioning: 1,
    maxGuestsPerHost: 1,
    maxDataVolumes: 0,
    maxHostsPerCluster: null,
    dynamicScaling: false,
    liveMigration: 'none',
    cloudstackHa: false,
    securityGroups: false,
    planner: 'BareMetalPlanner',
  },
  Simulator: {
    type: 'Simulator',
    snapshots: { kind: 'full', live: true },
    revertSnapshots: true,
    vmSnapshots: true,
    diskFormats: ['VHD', 'VMDK', 'QCOW2', 'RAW', 'OVA', 'ISO'],
    storagePoolTypes: ['NFS', 'iSCSI', 'FC', 'Local', 'SharedMountPoint'],
    storageOverProvisioning: ['NFS', 'iSCSI', 'FC', 'Local', 'SharedMountPoint'],
    zoneWideStorage: true,
    maxCpuOverProvisioning: Number.POSITIVE_INFINITY,
    maxMemoryOverProvisioning: Number.POSITIVE_INFINITY,
    maxGuestsPerHost: 50,
    maxDataVolumes: 6,
    maxHostsPerCluster: null,
    dynamicScaling: true,
    liveMigration: 'zone',
    cloudstackHa: true,
    securityGroups: true,
    planner: 'FirstFitPlanner',
  },
};

export const capabilitiesOf = (type: HypervisorType): HypervisorCapabilities => hypervisorCapabilities[type];
