import { randomUUID } from 'node:crypto';
import type { Position } from '../../adapters/eventstore/port.ts';
import { forbidden, notFound } from '../../domain/shared/index.ts';
import type { Caller } from '../../domain/tenancy/roles.ts';
import type { CommandBus } from '../commandBus.ts';
import type { CommandContext } from '../context.ts';

/**
 * The quota plugin's write side (quotaTariffCreate / Update / Delete, quotaCredits): root admins
 * only, as in CloudStack. Each operation answers with the position of its event (read-your-writes
 * on the usage_tariffs and usage_credits read models).
 */
export type UsageDeps = { readonly bus: CommandBus };
export type UsageInvocation = { readonly caller: Caller; readonly ctx: CommandContext };

const assertRootAdmin = (caller: Caller, action: string) => {
  if (caller.roleType !== 'Admin')
    throw forbidden('USAGE_ADMIN_ONLY', `Only a root admin may ${action}.`, { roleType: caller.roleType });
};

export type CreateTariffInput = {
  readonly tariffId?: string;
  readonly name: string;
  readonly description?: string;
  readonly quotaType: number;
  readonly currency: string;
  readonly value: number;
  readonly offeringId?: string | null;
  readonly zoneId?: string | null;
  /** Default: now. */
  readonly effectiveFrom?: string;
  readonly effectiveUntil?: string | null;
};

export const createTariff = async (
  { bus }: UsageDeps,
  { caller, ctx }: UsageInvocation,
  input: CreateTariffInput,
): Promise<{ readonly tariffId: string; readonly position: Position | null }> => {
  assertRootAdmin(caller, 'create a tariff');
  const tariffId = input.tariffId ?? randomUUID();
  const now = bus.now();
  const r = await bus.execute(
    'tariff',
    tariffId,
    {
      type: 'CreateTariff',
      data: {
        tariffId,
        name: input.name,
        description: input.description ?? '',
        quotaType: input.quotaType,
        currency: input.currency,
        value: input.value,
        offeringId: input.offeringId ?? null,
        zoneId: input.zoneId ?? null,
        effectiveFrom: input.effectiveFrom ?? now,
        effectiveUntil: input.effectiveUntil ?? null,
        now,
      },
    },
    ctx,
  );
  return { tariffId, position: r.position };
};

/** quotaTariffUpdate: a new price from `effectiveFrom` (default now); the old one ends there. */
export const changeTariffValue = async (
  { bus }: UsageDeps,
  { caller, ctx }: UsageInvocation,
  input: { readonly tariffId: string; readonly value: number; readonly effectiveFrom?: string },
): Promise<{ readonly tariffId: string; readonly position: Position | null }> => {
  assertRootAdmin(caller, 'change a tariff');
  const now = bus.now();
  const r = await bus.execute(
    'tariff',
    input.tariffId,
    {
      type: 'ChangeTariffValue',
      data: { tariffId: input.tariffId, value: input.value, effectiveFrom: input.effectiveFrom ?? now, now },
    },
    ctx,
  );
  return { tariffId: input.tariffId, position: r.events.length ? r.position : null };
};

/** quotaTariffDelete: the tariff prices nothing from `effectiveUntil` (default now) on. */
export const endTariff = async (
  { bus }: UsageDeps,
  { caller, ctx }: UsageInvocation,
  input: { readonly tariffId: string; readonly effectiveUntil?: string },
): Promise<{ readonly tariffId: string; readonly position: Position | null }> => {
  assertRootAdmin(caller, 'delete a tariff');
  const now = bus.now();
  const r = await bus.execute(
    'tariff',
    input.tariffId,
    {
      type: 'EndTariff',
      data: { tariffId: input.tariffId, effectiveUntil: input.effectiveUntil ?? now, now },
    },
    ctx,
  );
  return { tariffId: input.tariffId, position: r.position };
};

/** quotaCredits: adds (or, negative, takes back) money on an existing account's balance. */
export const addCredit = async (
  { bus }: UsageDeps,
  { caller, ctx }: UsageInvocation,
  input: {
    readonly accountId: string;
    readonly amount: number;
    readonly currency: string;
    readonly note?: string;
    readonly creditId?: string;
  },
): Promise<{ readonly creditId: string; readonly position: Position | null }> => {
  assertRootAdmin(caller, 'add credits');
  const { state: account } = await bus.load('account', input.accountId);
  if (account.status === 'absent' || account.status === 'removed')
    throw notFound('ACCOUNT_NOT_FOUND', `Account ${input.accountId} does not exist.`, {
      accountId: input.accountId,
    });
  const creditId = input.creditId ?? randomUUID();
  const r = await bus.execute(
    'usageCredit',
    input.accountId,
    {
      type: 'AddCredit',
      data: {
        accountId: input.accountId,
        tenantDomainId: account.tenantDomainId,
        creditId,
        amount: input.amount,
        currency: input.currency,
        note: input.note ?? '',
        addedBy: caller.userId,
        now: bus.now(),
      },
    },
    ctx,
  );
  return { creditId, position: r.position };
};
