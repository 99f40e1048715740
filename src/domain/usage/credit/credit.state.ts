import type { CreditEvent } from './credit.events.ts';

/** An account's credits: the ids recorded (a credit is added once) and the total per currency in micro-units. */
export type CreditAccount = {
  readonly accountId: string;
  readonly creditIds: readonly string[];
  readonly totalMicros: Readonly<Record<string, number>>;
};

export type CreditState = CreditAccount | null;

export const initialState = (): CreditState => null;

export const evolve = (state: CreditState, event: CreditEvent): CreditState => {
  const d = event.data;
  const totals = state?.totalMicros ?? {};
  return {
    accountId: d.accountId,
    creditIds: [...(state?.creditIds ?? []), d.creditId],
    totalMicros: { ...totals, [d.currency]: (totals[d.currency] ?? 0) + Math.round(d.amount * 1_000_000) },
  };
};
