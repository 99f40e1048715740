import { conflict, illegalState, invalid, notFound, unsupported } from '../../shared/index.ts';
import { meteredUsageTypes, quotaTypeInfo, UsageType } from '../usageTypes.ts';
import type { ChangeTariffValue, CreateTariff, EndTariff, TariffCommand } from './tariff.commands.ts';
import type { TariffEvent } from './tariff.events.ts';
import type { Tariff, TariffState } from './tariff.state.ts';

const ms = (iso: string) => Date.parse(iso);

const assertValue = (value: number) => {
  if (!Number.isFinite(value) || value < 0)
    throw invalid('TARIFF_VALUE_INVALID', 'A tariff value must be a finite number of zero or more.', {
      value,
    });
};

const assertInstant = (field: string, value: string) => {
  if (Number.isNaN(ms(value)))
    throw invalid('TARIFF_DATE_INVALID', `${field} must be an ISO-8601 date and time.`, { [field]: value });
};

/** Offerings key VM records (service offering) and VOLUME records (disk offering) only. */
const offeringTypes = new Set<number>([UsageType.RUNNING_VM, UsageType.ALLOCATED_VM, UsageType.VOLUME]);

const assertExists = (state: TariffState, tariffId: string): Tariff => {
  if (!state) throw notFound('TARIFF_NOT_FOUND', `Tariff ${tariffId} does not exist.`, { tariffId });
  return state;
};

const assertNotEnded = (t: Tariff) => {
  if (t.endedAt !== null)
    throw illegalState('TARIFF_ENDED', `Tariff ${t.name} has been ended; create a new tariff instead.`, {
      tariffId: t.tariffId,
      endedAt: t.endedAt,
    });
};

const refOf = (t: Tariff) => ({
  tariffId: t.tariffId,
  name: t.name,
  quotaType: t.quotaType,
  currency: t.currency,
});

const createTariff = ({ data: c }: CreateTariff, state: TariffState): TariffEvent[] => {
  if (state)
    throw conflict('TARIFF_EXISTS', `Tariff ${c.tariffId} already exists.`, { tariffId: c.tariffId });
  if (!c.name.trim()) throw invalid('TARIFF_NAME_INVALID', 'A tariff needs a name.', { name: c.name });
  const type = quotaTypeInfo(c.quotaType);
  if (!type)
    throw invalid('TARIFF_TYPE_UNKNOWN', `${c.quotaType} is not a quota type; see listUsageTypes.`, {
      quotaType: c.quotaType,
    });
  if (!meteredUsageTypes.includes(type.usageType as never))
    throw unsupported(
      'TARIFF_TYPE_NOT_METERED',
      `Skyledger does not meter ${type.name} usage; tariffs can price RUNNING_VM (and its CPU and memory parts), ALLOCATED_VM, VOLUME, TEMPLATE, ISO and SNAPSHOT.`,
      { quotaType: c.quotaType },
    );
  if (!/^[A-Z]{3}$/.test(c.currency))
    throw invalid(
      'TARIFF_CURRENCY_INVALID',
      'The currency must be a three-letter ISO 4217 code such as EUR.',
      {
        currency: c.currency,
      },
    );
  assertValue(c.value);
  assertInstant('effectiveFrom', c.effectiveFrom);
  if (c.effectiveUntil !== null) {
    assertInstant('effectiveUntil', c.effectiveUntil);
    if (ms(c.effectiveUntil) <= ms(c.effectiveFrom))
      throw invalid('TARIFF_DATES_INVALID', 'effectiveUntil must come after effectiveFrom.', {
        effectiveFrom: c.effectiveFrom,
        effectiveUntil: c.effectiveUntil,
      });
  }
  if (c.offeringId !== null && !offeringTypes.has(type.usageType))
    throw invalid(
      'TARIFF_OFFERING_NOT_APPLICABLE',
      `${type.name} records have no offering to restrict a tariff to.`,
      {
        quotaType: c.quotaType,
        offeringId: c.offeringId,
      },
    );
  return [
    {
      type: 'TariffCreated',
      data: {
        tariffId: c.tariffId,
        name: c.name.trim(),
        quotaType: c.quotaType,
        currency: c.currency,
        description: c.description,
        offeringId: c.offeringId,
        zoneId: c.zoneId,
        value: c.value,
        effectiveFrom: new Date(ms(c.effectiveFrom)).toISOString(),
        effectiveUntil: c.effectiveUntil === null ? null : new Date(ms(c.effectiveUntil)).toISOString(),
        createdAt: c.now,
      },
    },
  ];
};

/** The newest version's start: a change or an end must come after it (history is never rewritten). */
const assertAfterLatest = (t: Tariff, field: string, at: string) => {
  const latest = t.versions.at(-1)!;
  if (ms(at) <= ms(latest.from))
    throw invalid(
      'TARIFF_DATES_INVALID',
      `${field} must come after the current price's start (${latest.from}).`,
      {
        [field]: at,
        currentFrom: latest.from,
      },
    );
};

const changeTariffValue = ({ data: c }: ChangeTariffValue, state: TariffState): TariffEvent[] => {
  const t = assertExists(state, c.tariffId);
  assertNotEnded(t);
  assertValue(c.value);
  assertInstant('effectiveFrom', c.effectiveFrom);
  assertAfterLatest(t, 'effectiveFrom', c.effectiveFrom);
  const latest = t.versions.at(-1)!;
  if (latest.until !== null && ms(c.effectiveFrom) >= ms(latest.until))
    throw illegalState(
      'TARIFF_EXPIRED',
      `Tariff ${t.name} ends at ${latest.until}, before the new price would start.`,
      {
        effectiveFrom: c.effectiveFrom,
        effectiveUntil: latest.until,
      },
    );
  if (c.value === latest.value) return [];
  return [
    {
      type: 'TariffValueChanged',
      data: {
        ...refOf(t),
        value: c.value,
        previousValue: latest.value,
        effectiveFrom: new Date(ms(c.effectiveFrom)).toISOString(),
        changedAt: c.now,
      },
    },
  ];
};

const endTariff = ({ data: c }: EndTariff, state: TariffState): TariffEvent[] => {
  const t = assertExists(state, c.tariffId);
  assertNotEnded(t);
  assertInstant('effectiveUntil', c.effectiveUntil);
  assertAfterLatest(t, 'effectiveUntil', c.effectiveUntil);
  return [
    {
      type: 'TariffEnded',
      data: { ...refOf(t), effectiveUntil: new Date(ms(c.effectiveUntil)).toISOString(), endedAt: c.now },
    },
  ];
};

export const decide = (command: TariffCommand, state: TariffState): readonly TariffEvent[] => {
  switch (command.type) {
    case 'CreateTariff':
      return createTariff(command, state);
    case 'ChangeTariffValue':
      return changeTariffValue(command, state);
    case 'EndTariff':
      return endTariff(command, state);
    default: {
      const unknown: never = command;
      throw invalid('COMMAND_UNKNOWN', `unknown command ${(unknown as TariffCommand).type}`);
    }
  }
};
