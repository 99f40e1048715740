/** Capacity: the in-memory index placement proposes from, and the reservations the owners dispose. */
export { type HostLevels, hostCandidateOf, poolCandidateOf } from './candidates.ts';
export { CapacityIndex, type CapacityIndexOptions, type Holding } from './capacityIndex.ts';
export * from './reserve.ts';
export { type ResizeHostReservation, resizeDecider, resizeOnHost } from './resize.ts';
export * from './steps.ts';
export { reservationSweeper, type SweepDeps, type SweepResult, sweepExpiredReservations } from './sweep.ts';
