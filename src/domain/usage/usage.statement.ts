import { type ChargeLine, chargeLines, fromMicros, type RatedRecord, toMicros } from './usage.rating.ts';

/** A credit as a statement sees it. */
export type StatementCredit = {
  readonly creditId: string;
  readonly amount: number;
  readonly currency: string;
  readonly at: number;
  readonly note: string;
};

/**
 * An account's statement in one currency for [from, to), like the quota plugin's quotaStatement and
 * quotaBalance: the balance before (credits minus charges), the charges of the period per quota type,
 * the credits of the period, and the balance after.
 */
export type Statement = {
  readonly accountId: string;
  readonly currency: string;
  readonly from: number;
  readonly to: number;
  readonly openingBalance: number;
  readonly charges: readonly ChargeLine[];
  readonly totalCharges: number;
  readonly credits: readonly StatementCredit[];
  readonly totalCredits: number;
  readonly closingBalance: number;
};

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * Builds a statement from the rated records before the period (`before`) and in it (`during`) and
 * the account's credits; charges are rounded to micro-units once per sum, balances add micro-units exactly.
 */
export const buildStatement = (p: {
  readonly accountId: string;
  readonly currency: string;
  readonly from: number;
  readonly to: number;
  readonly before: readonly RatedRecord[];
  readonly during: readonly RatedRecord[];
  readonly credits: readonly StatementCredit[];
}): Statement => {
  const mine = p.credits.filter((c) => c.currency === p.currency).sort((a, b) => a.at - b.at);
  const creditsBefore = sum(mine.filter((c) => c.at < p.from).map((c) => toMicros(c.amount)));
  const creditsDuring = mine.filter((c) => c.at >= p.from && c.at < p.to);
  const chargedBefore = toMicros(sum(p.before.filter((r) => r.currency === p.currency).map((r) => r.amount)));
  const charges = chargeLines(p.during.filter((r) => r.currency === p.currency));
  const opening = creditsBefore - chargedBefore;
  const totalCharges = sum(charges.map((c) => c.amountMicros));
  const totalCredits = sum(creditsDuring.map((c) => toMicros(c.amount)));
  return {
    accountId: p.accountId,
    currency: p.currency,
    from: p.from,
    to: p.to,
    openingBalance: fromMicros(opening),
    charges,
    totalCharges: fromMicros(totalCharges),
    credits: creditsDuring,
    totalCredits: fromMicros(totalCredits),
    closingBalance: fromMicros(opening + totalCredits - totalCharges),
  };
};
