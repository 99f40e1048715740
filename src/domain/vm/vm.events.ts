import { z } from 'zod';
import { hypervisorTypes } from '../hypervisor/index.ts';
import { type EventsOf, v1 } from '../shared/index.ts';

const id = z.string().min(1);
const reason = z.string();

export const vmSizeSchema = z.object({
  cpuNumber: z.number().int().positive(),
  cpuSpeedMhz: z.number().int().positive(),
  memoryMiB: z.number().int().positive(),
});

/** A VM boots from a template or from an ISO, never both. */
export const vmImageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('template'), templateId: id }),
  z.object({ kind: z.literal('iso'), isoId: id }),
]);
export type VmImage = z.infer<typeof vmImageSchema>;

/** What every VM event carries: the VM and whose it is, where. */
const vmRef = { vmId: id, accountId: id, tenantDomainId: id, zoneId: id };

/**
 * What a usage meter keys a RUNNING_VM / ALLOCATED_VM record on (§6.1–§6.2): offering, image, size,
 * hypervisor (the record's `type`) and the host involved (null when the VM is on none).
 */
const usageFacts = {
  ...vmRef,
  name: z.string().min(1),
  serviceOfferingId: id,
  image: vmImageSchema,
  size: vmSizeSchema,
  hypervisor: z.enum(hypervisorTypes),
  hostId: id.nullable(),
};

const placement = { hostId: id, podId: id, clusterId: id };

const offeringChange = {
  ...usageFacts,
  previousServiceOfferingId: id,
  previousSize: vmSizeSchema,
};

export const vmEventSchemas = {
  VmCreated: v1(
    z.object({
      ...usageFacts,
      displayName: z.string().min(1),
      userId: id,
      rootVolumeId: id,
      group: z.string().nullable(),
      haEnabled: z.boolean(),
      templateDynamicallyScalable: z.boolean(),
      dynamicScalingEnabled: z.boolean(),
      startVm: z.boolean(),
      createdAt: z.iso.datetime(),
    }),
  ),
  VmStartRequested: v1(z.object({ ...vmRef, ...placement, size: vmSizeSchema })),
  VmStarted: v1(z.object(usageFacts)),
  VmStartFailed: v1(z.object({ ...vmRef, hostId: id, reason })),
  VmCreationFailed: v1(z.object({ ...usageFacts, reason })),
  VmStopRequested: v1(z.object({ ...vmRef, hostId: id, forced: z.boolean() })),
  VmStopped: v1(z.object(usageFacts)),
  VmStopFailed: v1(z.object({ ...vmRef, hostId: id, reason })),
  VmRebooted: v1(z.object({ ...vmRef, hostId: id })),
  VmDestroyed: v1(
    z.object({ ...usageFacts, expunge: z.boolean(), rootVolumeId: id, dataVolumeIdsToDelete: z.array(id) }),
  ),
  VmExpungeStarted: v1(z.object(vmRef)),
  VmExpunged: v1(z.object(vmRef)),
  VmRecovered: v1(z.object(usageFacts)),
  VmRestored: v1(
    z.object({
      ...usageFacts,
      previousImage: vmImageSchema,
      previousRootVolumeId: id,
      rootVolumeId: id,
      templateDynamicallyScalable: z.boolean(),
    }),
  ),
  VmMigrationRequested: v1(
    z.object({
      ...vmRef,
      sourceHostId: id,
      targetHostId: id,
      targetPodId: id,
      targetClusterId: id,
      size: vmSizeSchema,
    }),
  ),
  VmMigrated: v1(z.object({ ...usageFacts, hostId: id, podId: id, clusterId: id, sourceHostId: id })),
  VmMigrationFailed: v1(z.object({ ...vmRef, sourceHostId: id, targetHostId: id, reason })),
  VmServiceOfferingChanged: v1(z.object(offeringChange)),
  VmScaled: v1(z.object(offeringChange)),
  VmUpdated: v1(
    z.object({
      ...vmRef,
      displayName: z.string().min(1).optional(),
      group: z.string().nullable().optional(),
      haEnabled: z.boolean().optional(),
      dynamicScalingEnabled: z.boolean().optional(),
    }),
  ),
  VmConsoleAccessTokenIssued: v1(
    z.object({ ...vmRef, tokenId: id, hostId: id, expiresAt: z.iso.datetime() }),
  ),
  VmPasswordReset: v1(z.object(vmRef)),
  VmPowerOnReported: v1(z.object({ ...usageFacts, ...placement })),
  VmPowerOffReported: v1(z.object(usageFacts)),
  VmRunningConfirmedByPowerReport: v1(z.object({ ...vmRef, ...placement })),
  VmStoppedByHostFailure: v1(z.object({ ...usageFacts, hostId: id, reason, haEnabled: z.boolean() })),
};

export type VmEvent = EventsOf<typeof vmEventSchemas>;
export type VmEventType = VmEvent['type'];
export type VmEventOf<T extends VmEventType> = Extract<VmEvent, { type: T }>;

/*
 * Usage metering works from the event type alone (§6). Only these event types open, close or re-key
 * a usage interval; every other VM event leaves usage as it was.
 *
 * | event type               | RUNNING_VM | ALLOCATED_VM | §1.2 edge it records                            |
 * |--------------------------|------------|--------------|-------------------------------------------------|
 * | VmCreated                |            | open         | (new row, persisted Stopped)                    |
 * | VmRecovered              |            | open         | Destroyed -RecoveryRequested-> Stopped [U]      |
 * | VmDestroyed              |            | close        | Stopped -DestroyRequested-> Destroyed [U]       |
 * | VmCreationFailed         |            | close        | Stopped -OperationFailedToError-> Error [U]     |
 * | VmStarted                | open       |              | Starting -OperationSucceeded-> Running [U]      |
 * | VmPowerOnReported        | open       |              | Stopped/Starting -FollowAgentPowerOnReport-> Running [U] |
 * | VmStopped                | close      |              | Stopping -OperationSucceeded-> Stopped [U]      |
 * | VmPowerOffReported       | close      |              | Running/Stopping -FollowAgentPowerOffReport-> Stopped [U] |
 * | VmStoppedByHostFailure   | close      |              | Running/Stopping/Migrating -AgentReportStopped-> Stopped [U]*        |
 * | VmServiceOfferingChanged |            | re-key       | (VM.UPGRADE of a Stopped VM, no state change)   |
 * | VmScaled                 | re-key     | re-key       | (VM.DYNAMIC.SCALE of a Running VM)              |
 * | VmRestored               | re-key     | re-key       | (new template/ISO: part of the record's key)    |
 *
 * open: start an interval keyed on the event's usage facts. close: end the open interval.
 * re-key: if an interval is open, end it and open one with the event's (new) offering, size and image;
 * if none is open, nothing (RUNNING_VM records are per offering: an upgrade starts a new record).
 * *CloudStack leaves Migrating → Stopped unflagged, which would leave a RUNNING_VM interval open for
 * ever; a migrating VM is running, so we close it there too.
 * Event time: the recorded event's time (the command side stamps it when appending).
 */
export type UsageEffect = 'open' | 'close' | 'rekey';
export type VmUsageEffects = { readonly runningVm?: UsageEffect; readonly allocatedVm?: UsageEffect };

export const vmUsageEffects: Readonly<Partial<Record<VmEventType, VmUsageEffects>>> = {
  VmCreated: { allocatedVm: 'open' },
  VmRecovered: { allocatedVm: 'open' },
  VmDestroyed: { allocatedVm: 'close' },
  VmCreationFailed: { allocatedVm: 'close' },
  VmStarted: { runningVm: 'open' },
  VmPowerOnReported: { runningVm: 'open' },
  VmStopped: { runningVm: 'close' },
  VmPowerOffReported: { runningVm: 'close' },
  VmStoppedByHostFailure: { runningVm: 'close' },
  VmServiceOfferingChanged: { allocatedVm: 'rekey' },
  VmScaled: { runningVm: 'rekey', allocatedVm: 'rekey' },
  VmRestored: { runningVm: 'rekey', allocatedVm: 'rekey' },
};

/**
 * The CloudStack action event (§7.2) each VM event is reported as in the audit log, or null where
 * CloudStack records none (hypervisor power reports and HA stops raise alerts, not action events).
 */
export const vmAuditEventTypes: Readonly<Record<VmEventType, string | null>> = {
  VmCreated: 'VM.CREATE',
  VmStartRequested: 'VM.START',
  VmStarted: 'VM.START',
  VmStartFailed: 'VM.START',
  VmCreationFailed: 'VM.CREATE',
  VmStopRequested: 'VM.STOP',
  VmStopped: 'VM.STOP',
  VmStopFailed: 'VM.STOP',
  VmRebooted: 'VM.REBOOT',
  VmDestroyed: 'VM.DESTROY',
  VmExpungeStarted: 'VM.EXPUNGE',
  VmExpunged: 'VM.EXPUNGE',
  VmRecovered: 'VM.RECOVER',
  VmRestored: 'VM.RESTORE',
  VmMigrationRequested: 'VM.MIGRATE',
  VmMigrated: 'VM.MIGRATE',
  VmMigrationFailed: 'VM.MIGRATE',
  VmServiceOfferingChanged: 'VM.UPGRADE',
  VmScaled: 'VM.DYNAMIC.SCALE',
  VmUpdated: 'VM.UPDATE',
  VmConsoleAccessTokenIssued: 'VNC.CONNECT',
  VmPasswordReset: 'VM.RESETPASSWORD',
  VmPowerOnReported: null,
  VmPowerOffReported: null,
  VmRunningConfirmedByPowerReport: null,
  VmStoppedByHostFailure: null,
};
