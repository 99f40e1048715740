import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRoutes } from '../../../../src/adapters/http/rest/index.ts';
import { cellChecks, cellRunsOf } from './cellRuns.ts';
import { createFixtures } from './fixtures.ts';
import { entries } from './routes/index.ts';
import { type MatrixWorld, openMatrixWorld } from './world.ts';

/**
 * The tenant-isolation matrix: every REST route × role (user, domain admin, root admin) × whose
 * resource (own account, another account of the domain, a subdomain's, another domain's). The
 * denied cells run first, while nothing else happens, so each can show that it recorded nothing;
 * then the allowed ones.
 */

const table = entries.map((entry) => ({ entry, runs: cellRunsOf(entry) }));
let w: MatrixWorld;
let checks: ReturnType<typeof cellChecks>;

beforeAll(async () => {
  w = await openMatrixWorld();
  const fixtures = createFixtures(w);
  await fixtures.setUp();
  checks = cellChecks(w, fixtures);
  await checks.prepare(table.flatMap((t) => t.runs));
  await fixtures.quiet();
}, 240_000);
afterAll(() => w?.server.close());

describe('the matrix', () => {
  it('has exactly one entry per route of the REST API (the anonymous login aside)', () => {
    const declared = restRoutes(w.server.context)
      .filter((r) => r.auth !== false)
      .map((r) => `${r.method.toUpperCase()} ${r.path}`);
    const covered = entries.map((e) => e.route);
    expect(new Set(covered).size).toBe(covered.length);
    expect([...covered].sort()).toEqual([...declared].sort());
  });
});

describe('denied cells answer as an absent id does, and record nothing', () => {
  for (const { entry, runs } of table) {
    const denied = runs.filter((r) => r.outcome !== 'allowed');
    if (denied.length > 0)
      it(entry.route, async () => {
        for (const run of denied) await checks.denied(run);
      });
  }
});

describe('allowed cells are authorized', () => {
  for (const { entry, runs } of table)
    it(entry.route, async () => {
      for (const run of runs.filter((r) => r.outcome === 'allowed')) await checks.allowed(run);
    });
});
