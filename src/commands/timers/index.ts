export { fireExpunge, fireSnapshotPolicy, fireSweep, type HandlerDeps, type Outcome } from './handlers.ts';
export {
  expungeTimerId,
  ingestEvent,
  type PolicyPayload,
  policyTimerId,
  type TakenSnapshot,
  timerEventTypes,
  timerKinds,
} from './ingest.ts';
export { TimerScheduler, type TimerSchedulerOptions } from './scheduler.ts';
export { dueTimers, getTimer, type Timer } from './timerStore.ts';
