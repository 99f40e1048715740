import { describe, it } from 'vitest';
import { type CreditCommand, type CreditEvent, creditDecider } from '../../src/domain/usage/credit/index.ts';
import { type TariffCommand, type TariffEvent, tariffDecider } from '../../src/domain/usage/tariff/index.ts';
import { commandOf } from '../domain/helpers.ts';
import { DeciderSpecification } from '../support/deciderSpec.ts';

const tariff = DeciderSpecification.for(tariffDecider);
const cmd = commandOf<TariffCommand>();
const now = '2025-04-01T00:00:00.000Z';
const ref = { tariffId: 't1', name: 'Compute', quotaType: 1, currency: 'EUR' };
const create = (over: Partial<Extract<TariffCommand, { type: 'CreateTariff' }>['data']> = {}) =>
  cmd('CreateTariff', {
    ...ref,
    description: 'per VM-month',
    offeringId: null,
    zoneId: null,
    value: 30,
    effectiveFrom: '2025-01-01T00:00:00Z',
    effectiveUntil: null,
    now,
    ...over,
  });
const created: TariffEvent = {
  type: 'TariffCreated',
  data: {
    ...ref,
    description: 'per VM-month',
    offeringId: null,
    zoneId: null,
    value: 30,
    effectiveFrom: '2025-01-01T00:00:00.000Z',
    effectiveUntil: null,
    createdAt: now,
  },
};
const ended: TariffEvent = {
  type: 'TariffEnded',
  data: { ...ref, effectiveUntil: '2025-06-01T00:00:00.000Z', endedAt: now },
};

describe('tariff: none yet', () => {
  it('creates a tariff with its first price', () => tariff.given([]).when(create()).then([created]));
  it('refuses an unknown quota type', () =>
    tariff
      .given([])
      .when(create({ quotaType: 99 }))
      .thenThrows('TARIFF_TYPE_UNKNOWN'));
  it('refuses a type Skyledger does not meter', () =>
    tariff
      .given([])
      .when(create({ quotaType: 3 }))
      .thenThrows('TARIFF_TYPE_NOT_METERED'));
  it('refuses a negative value', () =>
    tariff
      .given([])
      .when(create({ value: -1 }))
      .thenThrows('TARIFF_VALUE_INVALID'));
  it('refuses a currency that is not ISO 4217', () =>
    tariff
      .given([])
      .when(create({ currency: 'euro' }))
      .thenThrows('TARIFF_CURRENCY_INVALID'));
  it('refuses a blank name', () =>
    tariff
      .given([])
      .when(create({ name: ' ' }))
      .thenThrows('TARIFF_NAME_INVALID'));
  it('refuses a malformed date', () =>
    tariff
      .given([])
      .when(create({ effectiveFrom: 'soon' }))
      .thenThrows('TARIFF_DATE_INVALID'));
  it('refuses an end before the start', () =>
    tariff
      .given([])
      .when(create({ effectiveUntil: '2024-12-31T00:00:00Z' }))
      .thenThrows('TARIFF_DATES_INVALID'));
  it('refuses an offering on a type without offerings', () =>
    tariff
      .given([])
      .when(create({ quotaType: 9, offeringId: 'o1' }))
      .thenThrows('TARIFF_OFFERING_NOT_APPLICABLE'));
  it('refuses to change a tariff that does not exist', () =>
    tariff
      .given([])
      .when(cmd('ChangeTariffValue', { tariffId: 't1', value: 1, effectiveFrom: now, now }))
      .thenThrows('TARIFF_NOT_FOUND'));
});

describe('tariff: active', () => {
  it('refuses to create it again', () => tariff.given([created]).when(create()).thenThrows('TARIFF_EXISTS'));
  it('changes the price from a later date', () =>
    tariff
      .given([created])
      .when(
        cmd('ChangeTariffValue', { tariffId: 't1', value: 40, effectiveFrom: '2025-05-01T00:00:00Z', now }),
      )
      .then([
        {
          type: 'TariffValueChanged',
          data: {
            ...ref,
            value: 40,
            previousValue: 30,
            effectiveFrom: '2025-05-01T00:00:00.000Z',
            changedAt: now,
          },
        },
      ]));
  it('records nothing when the price is the same', () =>
    tariff
      .given([created])
      .when(
        cmd('ChangeTariffValue', { tariffId: 't1', value: 30, effectiveFrom: '2025-05-01T00:00:00Z', now }),
      )
      .thenNothingHappened());
  it('refuses a price change that would start before the current price', () =>
    tariff
      .given([created])
      .when(
        cmd('ChangeTariffValue', { tariffId: 't1', value: 40, effectiveFrom: '2024-05-01T00:00:00Z', now }),
      )
      .thenThrows('TARIFF_DATES_INVALID'));
  it('refuses a price change after the tariff’s end date', () =>
    tariff
      .given([
        { ...created, data: { ...created.data, effectiveUntil: '2025-03-01T00:00:00.000Z' } } as TariffEvent,
      ])
      .when(
        cmd('ChangeTariffValue', { tariffId: 't1', value: 40, effectiveFrom: '2025-05-01T00:00:00Z', now }),
      )
      .thenThrows('TARIFF_EXPIRED'));
  it('ends the tariff', () =>
    tariff
      .given([created])
      .when(cmd('EndTariff', { tariffId: 't1', effectiveUntil: '2025-06-01T00:00:00Z', now }))
      .then([ended]));
  it('refuses an end before the current price starts', () =>
    tariff
      .given([created])
      .when(cmd('EndTariff', { tariffId: 't1', effectiveUntil: '2024-06-01T00:00:00Z', now }))
      .thenThrows('TARIFF_DATES_INVALID'));
});

describe('tariff: ended', () => {
  it('refuses a price change', () =>
    tariff
      .given([created, ended])
      .when(
        cmd('ChangeTariffValue', { tariffId: 't1', value: 1, effectiveFrom: '2025-07-01T00:00:00Z', now }),
      )
      .thenThrows('TARIFF_ENDED'));
  it('refuses to end it again', () =>
    tariff
      .given([created, ended])
      .when(cmd('EndTariff', { tariffId: 't1', effectiveUntil: '2025-07-01T00:00:00Z', now }))
      .thenThrows('TARIFF_ENDED'));
});

const credit = DeciderSpecification.for(creditDecider);
const add = (over: Partial<Extract<CreditCommand, { type: 'AddCredit' }>['data']> = {}) =>
  commandOf<CreditCommand>()('AddCredit', {
    accountId: 'a1',
    tenantDomainId: 'd1',
    creditId: 'c1',
    amount: 50.25,
    currency: 'EUR',
    note: 'deposit',
    addedBy: 'admin',
    now,
    ...over,
  });
const added: CreditEvent = {
  type: 'CreditAdded',
  data: {
    accountId: 'a1',
    tenantDomainId: 'd1',
    creditId: 'c1',
    amount: 50.25,
    currency: 'EUR',
    note: 'deposit',
    addedBy: 'admin',
    addedAt: now,
  },
};

describe('credits', () => {
  it('adds a credit', () => credit.given([]).when(add()).then([added]));
  it('takes money back with a negative credit', () =>
    credit
      .given([added])
      .when(add({ creditId: 'c2', amount: -10 }))
      .then([{ type: 'CreditAdded', data: { ...added.data, creditId: 'c2', amount: -10 } }]));
  it('refuses a zero amount', () =>
    credit
      .given([])
      .when(add({ amount: 0 }))
      .thenThrows('CREDIT_AMOUNT_INVALID'));
  it('refuses more than six decimals', () =>
    credit
      .given([])
      .when(add({ amount: 0.0000001 }))
      .thenThrows('CREDIT_AMOUNT_INVALID'));
  it('refuses a bad currency', () =>
    credit
      .given([])
      .when(add({ currency: 'E' }))
      .thenThrows('CREDIT_CURRENCY_INVALID'));
  it('refuses the same credit twice', () => credit.given([added]).when(add()).thenThrows('CREDIT_EXISTS'));
});
