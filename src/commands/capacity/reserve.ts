import { WrongExpectedVersionError } from '../../adapters/eventstore/port.ts';
import type { ComputeRequest } from '../../domain/capacity/index.ts';
import { DomainError } from '../../domain/shared/index.ts';
import { deterministicEventId } from '../eventIds.ts';
import type { CapacityIndex } from './capacityIndex.ts';
import type { Runner } from './steps.ts';

/**
 * The host and pool streams dispose what the index proposes: each reservation is a command on the
 * owner's stream (decided against its current revision), and a refusal or a lost race sends the
 * caller on to its next candidate. Every step is named after its owner, so a resumed job finds the
 * reservation it already made instead of making another.
 */

/** A reservation id unique to one job (or request) and purpose, the same every time it is asked for. */
export const reservationIdOf = (key: string, purpose: string): string =>
  deterministicEventId(key, `reservation:${purpose}`, 0);

/** Why a candidate was passed over: the owner's refusal code, or a lost race. */
export type Refusal = { readonly ownerId: string; readonly code: string };

const refusalOf = (ownerId: string, e: unknown): Refusal => {
  if (e instanceof DomainError) return { ownerId, code: e.code };
  if (e instanceof WrongExpectedVersionError) return { ownerId, code: 'CONCURRENT_CHANGE' };
  throw e;
};

/** This job reserved here before and has released it since: the step's key can't be used again. */
const released = (ownerId: string): Refusal => ({ ownerId, code: 'RESERVATION_ALREADY_RELEASED' });

export type HostReservationRequest = {
  readonly reservationId: string;
  readonly vmId: string;
  readonly size: ComputeRequest;
  readonly expiresAt: string;
};

/** Reserves on one host; the host's refusal (or a race lost too often) comes back as a Refusal. */
export const reserveOnHost = async (
  runner: Runner,
  capacity: CapacityIndex,
  hostId: string,
  request: HostReservationRequest,
): Promise<Refusal | null> => {
  const settled = capacity.proposeHost(hostId, request.size);
  try {
    const result = await runner.step(`reserve-host:${hostId}`, 'host', hostId, {
      type: 'ReserveHostCapacity',
      data: {
        hostId,
        vmId: request.vmId,
        reservationId: request.reservationId,
        ...request.size,
        now: runner.now(),
        expiresAt: request.expiresAt,
      },
    });
    capacity.observe('host', hostId, result);
    return result.state?.reservations[request.reservationId] ? null : released(hostId);
  } catch (e) {
    return refusalOf(hostId, e);
  } finally {
    settled();
  }
};

export type StorageReservationRequest = {
  readonly reservationId: string;
  readonly volumeId: string;
  readonly sizeBytes: number;
  readonly expiresAt: string;
};

export const reserveOnPool = async (
  runner: Runner,
  capacity: CapacityIndex,
  poolId: string,
  request: StorageReservationRequest,
): Promise<Refusal | null> => {
  const settled = capacity.proposePool(poolId, request.sizeBytes);
  try {
    const result = await runner.step(`reserve-storage:${poolId}`, 'storagePool', poolId, {
      type: 'ReserveStorage',
      data: { poolId, ...request, now: runner.now() },
    });
    capacity.observe('storagePool', poolId, result);
    return result.state?.reservations[request.reservationId] ? null : released(poolId);
  } catch (e) {
    return refusalOf(poolId, e);
  } finally {
    settled();
  }
};

export const commitHost = async (
  runner: Runner,
  capacity: CapacityIndex,
  hostId: string,
  reservationId: string,
): Promise<void> => {
  const result = await runner.step(`commit-host:${reservationId}`, 'host', hostId, {
    type: 'CommitHostCapacity',
    data: { hostId, reservationId },
  });
  capacity.observe('host', hostId, result);
};

/** Releases one reservation, or with `vmId` everything the VM holds on the host. */
export const releaseHost = async (
  runner: Runner,
  capacity: CapacityIndex,
  hostId: string,
  target: { readonly reservationId: string } | { readonly vmId: string },
): Promise<void> => {
  const what = 'reservationId' in target ? target.reservationId : `vm:${target.vmId}`;
  const result = await runner.step(`release-host:${hostId}:${what}`, 'host', hostId, {
    type: 'ReleaseHostCapacity',
    data: { hostId, ...target },
  });
  capacity.observe('host', hostId, result);
};

export const commitStorage = async (
  runner: Runner,
  capacity: CapacityIndex,
  poolId: string,
  reservationId: string,
): Promise<void> => {
  const result = await runner.step(`commit-storage:${reservationId}`, 'storagePool', poolId, {
    type: 'CommitStorage',
    data: { poolId, reservationId },
  });
  capacity.observe('storagePool', poolId, result);
};

export const releaseStorage = async (
  runner: Runner,
  capacity: CapacityIndex,
  poolId: string,
  target: { readonly reservationId: string } | { readonly volumeId: string },
): Promise<void> => {
  const what = 'reservationId' in target ? target.reservationId : `volume:${target.volumeId}`;
  const result = await runner.step(`release-storage:${poolId}:${what}`, 'storagePool', poolId, {
    type: 'ReleaseStorage',
    data: { poolId, ...target },
  });
  capacity.observe('storagePool', poolId, result);
};
