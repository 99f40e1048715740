import { rules } from '../cells.ts';
import { type Entry, itemWith, listOf, mentions, on, plain, type Target } from '../matrix.ts';

/** Jobs, the audit log and its export, usage and billing: scoped like every list; tariffs root's. */

const period = 'from=2020-01-01T00:00:00Z&to=2099-01-01T00:00:00Z';
const usageOf = (body: { records?: { usageId: string }[] }, t: Target) =>
  Array.isArray(body?.records) && body.records.some((r) => r.usageId === t.id);
const tariff = () => ({ name: 'matrix-tariff', quotaType: 1, currency: 'EUR', value: 0.05 });

export const activityEntries: readonly Entry[] = [
  { route: 'GET /v1/jobs', probes: [listOf('job', rules.owned, '/v1/jobs', itemWith())] },
  { route: 'GET /v1/jobs/:id', probes: [on('job', rules.owned, (id) => `/v1/jobs/${id}`)] },
  {
    route: 'GET /v1/events',
    // The VM's creation: few enough events for one page however busy the log is.
    probes: [
      listOf('vm', rules.owned, '/v1/events', itemWith('resourceId'), {
        query: 'type=VM.CREATE&pageSize=1000',
      }),
    ],
  },
  {
    route: 'GET /v1/audit/export',
    probes: [
      listOf('vm', rules.owned, '/v1/audit/export', mentions, {
        query: (t) => `format=csv&resourceId=${t.id}`,
      }),
    ],
  },
  { route: 'GET /v1/usage/types', probes: [plain(rules.anyone, '/v1/usage/types')] },
  {
    route: 'GET /v1/usage/records',
    probes: [listOf('vm', rules.owned, '/v1/usage/records', usageOf, { query: `${period}&pageSize=10000` })],
  },
  {
    route: 'GET /v1/usage/summary',
    probes: [listOf('account', rules.owned, '/v1/usage/summary', itemWith('accountId'), { query: period })],
  },
  {
    route: 'GET /v1/usage/export',
    probes: [listOf('vm', rules.owned, '/v1/usage/export', mentions, { query: `${period}&format=csv` })],
  },
  {
    route: 'GET /v1/usage/statements/:id',
    probes: [on('account', rules.owned, (id) => `/v1/usage/statements/${id}?month=2026-01`)],
  },
  { route: 'GET /v1/usage/tariffs', probes: [plain(rules.anyone, '/v1/usage/tariffs')] },
  { route: 'POST /v1/usage/tariffs', probes: [plain(rules.rootOnlyRefused, '/v1/usage/tariffs', tariff)] },
  {
    route: 'PATCH /v1/usage/tariffs/:id',
    probes: [
      on(
        'tariff',
        rules.rootOnly,
        (id) => `/v1/usage/tariffs/${id}`,
        () => ({ value: 0.06 }),
      ),
    ],
  },
  {
    route: 'DELETE /v1/usage/tariffs/:id',
    probes: [on('tariff', rules.rootOnly, (id) => `/v1/usage/tariffs/${id}`, undefined, { fresh: 'tariff' })],
  },
  {
    route: 'POST /v1/usage/credits',
    probes: [
      on(
        'account',
        rules.rootOnly,
        () => '/v1/usage/credits',
        (t) => ({
          accountId: t.id,
          amount: 5,
          currency: 'EUR',
        }),
      ),
    ],
  },
];
