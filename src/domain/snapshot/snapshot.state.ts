import type { HypervisorType } from '../hypervisor/index.ts';
import type { SnapshotEvent, SnapshotType } from './snapshot.events.ts';
import { type SnapshotStatus, snapshotMachine } from './snapshot.machine.ts';

export type Snapshot = {
  readonly snapshotId: string;
  readonly volumeId: string;
  readonly accountId: string;
  readonly tenantDomainId: string;
  readonly zoneId: string;
  readonly snapshotType: SnapshotType;
  readonly policyId: string | null;
  readonly name: string;
  readonly hypervisor: HypervisorType;
  readonly createdAt: string;
  readonly volumeSizeBytes: number;
  readonly physicalSizeBytes: number | null;
  readonly status: SnapshotStatus;
  /** Zones holding a copy, the zone it was taken in first. */
  readonly zoneIds: readonly string[];
  /** The zone a copy is under way to, while Copying. */
  readonly copyingTo: string | null;
};

/** null until the snapshot is allocated. */
export type SnapshotState = Snapshot | null;

export const initialState = (): SnapshotState => null;

export const evolve = (state: SnapshotState, event: SnapshotEvent): SnapshotState => {
  if (event.type === 'SnapshotAllocated') {
    if (state !== null) return state;
    return { ...event.data, status: 'Allocated', zoneIds: [event.data.zoneId], copyingTo: null };
  }
  if (state === null) return state;
  const next: Snapshot = {
    ...state,
    status: snapshotMachine.after(state.status, event.type),
    physicalSizeBytes: event.data.physicalSizeBytes,
    copyingTo: null,
  };
  switch (event.type) {
    case 'SnapshotCopyStarted':
      return { ...next, copyingTo: event.data.toZoneId };
    case 'SnapshotCopied':
      return { ...next, zoneIds: [...state.zoneIds, event.data.toZoneId] };
    default:
      return next;
  }
};
