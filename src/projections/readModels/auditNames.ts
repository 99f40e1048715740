import type { z } from 'zod';
import type { eventSchemasByAggregate } from '../../domain/events.ts';
import type { EventSchemas } from '../../domain/shared/index.ts';
import { type VmEventType, vmAuditEventTypes } from '../../domain/vm/index.ts';

/**
 * The CloudStack action event type (cloudstack-domain.md §7.2) each of our events is reported as in
 * the audit log, with the resource it concerns, for every aggregate. Where CloudStack records no
 * action event (host status changes, capacity ledgers, hypervisor power reports) the name follows
 * CloudStack's style so that every event still has one.
 */
type Data<S extends EventSchemas, K extends keyof S> = z.infer<S[K]['schema']>;
/** A fixed name, or one chosen from the payload (e.g. a host's maintenance transitions). */
type Namer<D> = string | ((data: D) => string);
type Names<S extends EventSchemas> = { readonly [K in keyof S]: Namer<Data<S, K>> };

type Auditing<S extends EventSchemas> = {
  /** CloudStack's `resourcetype`, possibly from the payload (Template or Iso). */
  readonly resourceType: string | ((data: Data<S, keyof S>) => string);
  /** The resource's id when it is not the stream's id (a policy on its volume's stream). */
  readonly resourceId?: (data: Data<S, keyof S>) => string;
  readonly names: Names<S>;
};

type Schemas = typeof eventSchemasByAggregate;
const auditing = <K extends keyof Schemas>(_aggregate: K, spec: Auditing<Schemas[K]>) => spec;

/** CloudStack raises alerts, not action events, for these VM events; they get a name in the same style. */
const vmAlertNames: Readonly<Record<string, string>> = {
  VmPowerOnReported: 'VM.POWER.ON.REPORT',
  VmPowerOffReported: 'VM.POWER.OFF.REPORT',
  VmRunningConfirmedByPowerReport: 'VM.POWER.ON.REPORT',
  VmStoppedByHostFailure: 'VM.HA.STOP',
};
const vmNames = Object.fromEntries(
  (Object.keys(vmAuditEventTypes) as VmEventType[]).map((type) => [
    type,
    vmAuditEventTypes[type] ?? vmAlertNames[type] ?? 'VM.UPDATE',
  ]),
) as Record<VmEventType, string>;

const hostResourceStateNames: Readonly<Record<string, string>> = {
  AdminAskMaintenance: 'MAINT.PREPARE',
  AdminCancelMaintenance: 'MAINT.CANCEL',
  InternalEnterMaintenance: 'MAINT.PREPARE',
  UnableToMigrate: 'MAINT.PREPARE',
  UnableToMaintain: 'MAINT.PREPARE',
  DeclareHostDegraded: 'HOST.DECLARE.DEGRADED',
  EnableDegradedHost: 'HOST.CANCEL.DEGRADED',
};

const poolActionNames: Readonly<Record<string, string>> = {
  Enable: 'ENABLE.PS',
  Disable: 'DISABLE.PS',
  PrepareMaintenance: 'MAINT.PREPARE.PS',
  CompleteMaintenance: 'MAINT.PREPARE.PS',
  CancelMaintenance: 'MAINT.CANCEL.PS',
};

const imageName =
  (action: string) =>
  (d: { kind: 'TEMPLATE' | 'ISO' }): string =>
    `${d.kind}.${action}`;

export const auditCatalog = {
  zone: auditing('zone', {
    resourceType: 'Zone',
    names: {
      ZoneCreated: 'ZONE.CREATE',
      ZoneUpdated: 'ZONE.EDIT',
      ZoneEnabled: 'ZONE.EDIT',
      ZoneDisabled: 'ZONE.EDIT',
      ZoneDeleted: 'ZONE.DELETE',
    },
  }),
  pod: auditing('pod', {
    resourceType: 'Pod',
    names: {
      PodCreated: 'POD.CREATE',
      PodUpdated: 'POD.EDIT',
      PodEnabled: 'POD.EDIT',
      PodDisabled: 'POD.EDIT',
      PodDeleted: 'POD.DELETE',
    },
  }),
  cluster: auditing('cluster', {
    resourceType: 'Cluster',
    names: {
      ClusterCreated: 'CLUSTER.CREATE',
      ClusterRenamed: 'CLUSTER.EDIT',
      ClusterOverprovisioningUpdated: 'CLUSTER.EDIT',
      ClusterEnabled: 'CLUSTER.EDIT',
      ClusterDisabled: 'CLUSTER.EDIT',
      ClusterDeleted: 'CLUSTER.DELETE',
    },
  }),
  host: auditing('host', {
    resourceType: 'Host',
    names: {
      HostAdded: 'HOST.ADD',
      HostStatusChanged: (d) =>
        d.to === 'Up' && d.from !== 'Connecting' ? 'HOST.RECONNECT' : 'HOST.STATUS.CHANGE',
      HostResourceStateChanged: (d) => hostResourceStateNames[d.event] ?? 'HOST.UPDATE',
      HostTagsUpdated: 'HOST.UPDATE',
      HostOverprovisioningUpdated: 'HOST.UPDATE',
      HostRemoved: 'HOST.DELETE',
      HostCapacityReserved: 'HOST.CAPACITY.RESERVE',
      HostCapacityCommitted: 'HOST.CAPACITY.COMMIT',
      HostCapacityKept: 'HOST.CAPACITY.KEEP',
      HostCapacityReleased: 'HOST.CAPACITY.RELEASE',
    },
  }),
  storagePool: auditing('storagePool', {
    resourceType: 'StoragePool',
    names: {
      StoragePoolCreated: 'CREATE.PS',
      StoragePoolUpdated: 'UPDATE.PS',
      StoragePoolStatusChanged: (d) => poolActionNames[d.action] ?? 'UPDATE.PS',
      StoragePoolScopeChanged: 'CHANGE.STORAGE.POOL.SCOPE',
      StoragePoolDeleted: 'DELETE.PS',
      StorageReserved: 'STORAGE.CAPACITY.RESERVE',
      StorageCommitted: 'STORAGE.CAPACITY.COMMIT',
      StorageReleased: 'STORAGE.CAPACITY.RELEASE',
    },
  }),
  imageStore: auditing('imageStore', {
    resourceType: 'ImageStore',
    names: {
      ImageStoreAdded: 'IMAGE.STORE.ADD',
      ImageStoreReadOnlyChanged: 'IMAGE.STORE.UPDATE',
      ImageStoreDeleted: 'IMAGE.STORE.DELETE',
    },
  }),
  tenantDomain: auditing('tenantDomain', {
    resourceType: 'Domain',
    names: {
      TenantDomainCreated: 'DOMAIN.CREATE',
      ChildDomainAdded: 'DOMAIN.CREATE',
      TenantDomainRenamed: 'DOMAIN.UPDATE',
      ChildDomainRenamed: 'DOMAIN.UPDATE',
      TenantDomainDeletionStarted: 'DOMAIN.DELETE',
      TenantDomainDeleted: 'DOMAIN.DELETE',
      ChildDomainRemoved: 'DOMAIN.DELETE',
      AccountNameReserved: 'ACCOUNT.CREATE',
      AccountNameReleased: 'ACCOUNT.DELETE',
      UsernameReserved: 'USER.CREATE',
      UsernameReleased: 'USER.DELETE',
    },
  }),
  account: auditing('account', {
    resourceType: 'Account',
    names: {
      AccountCreated: 'ACCOUNT.CREATE',
      AccountUpdated: 'ACCOUNT.UPDATE',
      AccountDisabled: 'ACCOUNT.DISABLE',
      AccountLocked: 'ACCOUNT.DISABLE',
      AccountEnabled: 'ACCOUNT.ENABLE',
      AccountDeleted: 'ACCOUNT.DELETE',
    },
  }),
  user: auditing('user', {
    resourceType: 'User',
    names: {
      UserCreated: 'USER.CREATE',
      UserUpdated: 'USER.UPDATE',
      UserPasswordChanged: 'USER.UPDATE',
      UserKeysRegistered: 'REGISTER.USER.KEY',
      UserDisabled: 'USER.DISABLE',
      UserLocked: 'USER.LOCK',
      UserEnabled: 'USER.ENABLE',
      UserDeleted: 'USER.DELETE',
    },
  }),
  quota: auditing('quota', {
    resourceType: (d) => (d.scope === 'account' ? 'Account' : 'Domain'),
    resourceId: (d) => d.ownerId,
    names: {
      LimitSet: 'RESOURCE.LIMIT.UPDATE',
      QuotaReserved: 'RESOURCE.COUNT.RESERVE',
      QuotaCommitted: 'RESOURCE.COUNT.COMMIT',
      QuotaReleased: 'RESOURCE.COUNT.RELEASE',
      QuotaReservationExpired: 'RESOURCE.COUNT.RELEASE',
    },
  }),
  serviceOffering: auditing('serviceOffering', {
    resourceType: 'ServiceOffering',
    names: {
      ServiceOfferingCreated: 'SERVICE.OFFERING.CREATE',
      ServiceOfferingUpdated: 'SERVICE.OFFERING.EDIT',
      ServiceOfferingDeleted: 'SERVICE.OFFERING.DELETE',
    },
  }),
  diskOffering: auditing('diskOffering', {
    resourceType: 'DiskOffering',
    names: {
      DiskOfferingCreated: 'DISK.OFFERING.CREATE',
      DiskOfferingUpdated: 'DISK.OFFERING.EDIT',
      DiskOfferingDeleted: 'DISK.OFFERING.DELETE',
    },
  }),
  image: auditing('image', {
    resourceType: (d) => (d.kind === 'ISO' ? 'Iso' : 'Template'),
    names: {
      ImageCreated: imageName('CREATE'),
      ImageZoneDownloadProgressed: (d) =>
        d.kind === 'ISO' ? 'ISO.DOWNLOAD.PROGRESS' : 'TEMPLATE.DOWNLOAD.START',
      ImageZoneDownloaded: (d) => (d.kind === 'ISO' ? 'ISO.DOWNLOAD.SUCCESS' : 'TEMPLATE.DOWNLOAD.SUCCESS'),
      ImageZoneDownloadFailed: (d) => (d.kind === 'ISO' ? 'ISO.DOWNLOAD.FAILED' : 'TEMPLATE.DOWNLOAD.FAILED'),
      ImageZoneCopyRequested: imageName('COPY'),
      ImageUpdated: imageName('UPDATE'),
      ImagePermissionsUpdated: imageName('UPDATE'),
      ImageZoneCopyDeleted: imageName('DELETE'),
      ImageDeleted: imageName('DELETE'),
    },
  }),
  vm: auditing('vm', {
    resourceType: 'VirtualMachine',
    names: vmNames,
  }),
  volume: auditing('volume', {
    resourceType: 'Volume',
    names: {
      VolumeAllocated: 'VOLUME.CREATE',
      RootVolumeAllocated: 'VOLUME.CREATE',
      VolumePlaced: 'VOLUME.CREATE',
      VolumeCreated: 'VOLUME.CREATE',
      VolumeCreationFailed: 'VOLUME.CREATE',
      VolumeAttached: 'VOLUME.ATTACH',
      VolumeAttachStarted: 'VOLUME.ATTACH',
      VolumeAttachCompleted: 'VOLUME.ATTACH',
      VolumeAttachFailed: 'VOLUME.ATTACH',
      VolumeDetached: 'VOLUME.DETACH',
      VolumeResized: 'VOLUME.RESIZE',
      VolumeResizeStarted: 'VOLUME.RESIZE',
      VolumeResizeCompleted: 'VOLUME.RESIZE',
      VolumeResizeFailed: 'VOLUME.RESIZE',
      VolumeSnapshotStarted: 'SNAPSHOT.CREATE',
      VolumeSnapshotEnded: 'SNAPSHOT.CREATE',
      VolumeRevertStarted: 'SNAPSHOT.REVERT',
      VolumeReverted: 'SNAPSHOT.REVERT',
      VolumeRevertFailed: 'SNAPSHOT.REVERT',
      VolumeMigrationStarted: 'VOLUME.MIGRATE',
      VolumeMigrated: 'VOLUME.MIGRATE',
      VolumeMigrationFailed: 'VOLUME.MIGRATE',
      VolumeDestroyed: 'VOLUME.DESTROY',
      VolumeRecovered: 'VOLUME.RECOVER',
      VolumeExpungeStarted: 'VOLUME.DELETE',
      VolumeExpungeFailed: 'VOLUME.DELETE',
      VolumeExpunged: 'VOLUME.DELETE',
    },
  }),
  snapshot: auditing('snapshot', {
    resourceType: 'Snapshot',
    names: {
      SnapshotAllocated: 'SNAPSHOT.CREATE',
      SnapshotCreationStarted: 'SNAPSHOT.CREATE',
      SnapshotCreatedOnPrimary: 'SNAPSHOT.ON_PRIMARY',
      SnapshotBackupStarted: 'SNAPSHOT.OFF_PRIMARY',
      SnapshotBackedUp: 'SNAPSHOT.OFF_PRIMARY',
      SnapshotFailed: 'SNAPSHOT.CREATE',
      SnapshotCopyStarted: 'SNAPSHOT.COPY',
      SnapshotCopied: 'SNAPSHOT.COPY',
      SnapshotCopyFailed: 'SNAPSHOT.COPY',
      SnapshotRevertRequested: 'SNAPSHOT.REVERT',
      SnapshotDeletionStarted: 'SNAPSHOT.DELETE',
      SnapshotDestroyed: 'SNAPSHOT.DELETE',
      SnapshotDeletionFailed: 'SNAPSHOT.DELETE',
    },
  }),
  snapshotPolicy: auditing('snapshotPolicy', {
    resourceType: 'SnapshotPolicy',
    resourceId: (d) => d.policyId,
    names: {
      SnapshotPolicyCreated: 'SNAPSHOTPOLICY.CREATE',
      SnapshotPolicyUpdated: 'SNAPSHOTPOLICY.UPDATE',
      SnapshotPolicyDeleted: 'SNAPSHOTPOLICY.DELETE',
    },
  }),
  tariff: auditing('tariff', {
    resourceType: 'QuotaTariff',
    names: {
      TariffCreated: 'QUOTA.TARIFF.CREATE',
      TariffValueChanged: 'QUOTA.TARIFF.UPDATE',
      TariffEnded: 'QUOTA.TARIFF.DELETE',
    },
  }),
  usageCredit: auditing('usageCredit', {
    resourceType: 'Account',
    resourceId: (d) => d.accountId,
    names: { CreditAdded: 'QUOTA.CREDITS.ADD' },
  }),
  job: auditing('job', {
    resourceType: 'AsyncJob',
    names: { JobSubmitted: 'JOB.SUBMIT', JobSucceeded: 'JOB.COMPLETE', JobFailed: 'JOB.FAIL' },
  }),
} satisfies { readonly [K in keyof Schemas]: Auditing<Schemas[K]> };

export type AuditFacts = {
  /** CloudStack's event type, e.g. VM.START. */
  readonly name: string;
  readonly resourceType: string;
  /** null: the resource is the stream's own aggregate. */
  readonly resourceId: string | null;
};

type AnySpec = {
  readonly resourceType: string | ((data: unknown) => string);
  readonly resourceId?: (data: unknown) => string;
  readonly names: Readonly<Record<string, Namer<unknown>>>;
};

const byEventType: ReadonlyMap<string, AnySpec> = new Map(
  Object.values(auditCatalog as unknown as Record<string, AnySpec>).flatMap((spec) =>
    Object.keys(spec.names).map((type) => [type, spec] as const),
  ),
);

/** The audit facts of an event of any registered type; undefined for a type no aggregate records. */
export const auditFactsOf = (type: string, data: unknown): AuditFacts | undefined => {
  const spec = byEventType.get(type);
  if (!spec) return undefined;
  const namer = spec.names[type]!;
  return {
    name: typeof namer === 'string' ? namer : namer(data),
    resourceType: typeof spec.resourceType === 'string' ? spec.resourceType : spec.resourceType(data),
    resourceId: spec.resourceId ? spec.resourceId(data) : null,
  };
};

/** Every event type the audit log records. */
export const auditedEventTypes: readonly string[] = [...byEventType.keys()];
