import { seededRandom, seedOf } from '../../../domain/shared/random.ts';
import type { HypervisorOperation } from '../port.ts';

/**
 * When the simulator fails an operation: by rate, by rule on host and/or operation, or the next N
 * times. The chance is drawn from (seed, operation, subject, attempt), never from call order, so a
 * run is reproducible under a seed however the workflows interleave.
 */
export type FailureRule = {
  readonly operation?: HypervisorOperation;
  readonly hostId?: string;
  /** 0–1; 1 when unset. */
  readonly rate?: number;
  /** Fail at most this many matching calls; unlimited when unset. */
  readonly times?: number;
};

export class FailurePlan {
  private readonly rules: { rule: FailureRule; used: number }[] = [];
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly seed: number,
    /** Failure rate applied to every operation. */
    private readonly baseRate = 0,
  ) {}

  add(rule: FailureRule): void {
    this.rules.push({ rule, used: 0 });
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** Whether this call fails; `subject` names what it acts on (vm, volume or snapshot id). */
  shouldFail(operation: HypervisorOperation, subject: string, hostId: string | null): boolean {
    const key = `${operation}|${subject}`;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    const chance = seededRandom(seedOf(`${this.seed}|${key}|${attempt}`))();
    if (chance < this.baseRate) return true;
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.operation && rule.operation !== operation) continue;
      if (rule.hostId && rule.hostId !== hostId) continue;
      if (rule.times !== undefined && entry.used >= rule.times) continue;
      if (chance < (rule.rate ?? 1)) {
        entry.used++;
        return true;
      }
    }
    return false;
  }
}
