import { expect } from 'vitest';
import { type Cell, callerOf, cellName, type Outcome, ownedCells, ownerlessCells } from './cells.ts';
import { type Fixtures, isOwned } from './fixtures.ts';
import { absentId, type Context, type Entry, type Probe, type Target } from './matrix.ts';
import type { Answer, MatrixWorld } from './world.ts';

/**
 * One cell of one probe of one route, and how it is checked: a denied cell answers exactly what an
 * id that never existed answers (or, `refused`, a 403 on what the caller sees) and records nothing;
 * an allowed cell is authorized (not 401/403/404, nor refused before its handler ran), and a list
 * shows the resource only to the cells allowed to see it, whatever the filter.
 */
export type CellRun = {
  readonly route: string;
  readonly method: string;
  readonly probe: Probe;
  readonly cell: Cell;
  readonly outcome: Outcome;
  readonly title: string;
};

export const cellRunsOf = (entry: Entry): CellRun[] => {
  const [method] = entry.route.split(' ');
  return entry.probes.flatMap((probe) =>
    (isOwned(probe.target) ? ownedCells : ownerlessCells).map((cell) => ({
      route: entry.route,
      method: method!,
      probe,
      cell,
      outcome: probe.rule(cell),
      title: `${entry.route}${probe.label ? ` (${probe.label})` : ''}${probe.list ? ' (list)' : ''}: ${cellName(cell)}`,
    })),
  );
};

const authorized = (a: Answer) =>
  a.status < 500 && ![401, 403, 404].includes(a.status) && a.body?.code !== 'VALIDATION_FAILED';

/** An answer with the resource's id masked, to compare with the answer for an absent id. */
const masked = (a: Answer, id: string) => ({
  status: a.status,
  body: JSON.stringify(a.body).replaceAll(id, '<id>'),
});

const shown = (a: Answer) => `${a.status} ${JSON.stringify(a.body).slice(0, 300)}`;

export const cellChecks = (w: MatrixWorld, f: Fixtures) => {
  const freshIds = new Map<CellRun, string>();
  const head = () => w.server.app.store.headPosition();
  const contextOf = (run: CellRun): Context => ({ f, w, caller: callerOf[run.cell.role] });
  const targetOf = (run: CellRun): Target | undefined => {
    const { target, fresh } = run.probe;
    if (!target) return undefined;
    const id = fresh && run.outcome === 'allowed' ? freshIds.get(run)! : f.shared(target, run.cell.owner);
    return { id, ...(run.cell.owner && { owner: run.cell.owner }) };
  };
  const send = (run: CellRun, t: Target | undefined) => {
    const x = contextOf(run);
    const { path, body } = run.probe.request(t ?? { id: '' }, x);
    return w.send(x.caller, run.method, path, body);
  };
  const ask = (run: CellRun, t: Target) =>
    Promise.all(
      run.probe
        .list!.queries(t, contextOf(run))
        .map(async (q) => ({ q, answer: await w.send(contextOf(run).caller, 'GET', q) })),
    );

  return {
    /** Fresh resources for the allowed cells that destroy or lock theirs, all created at once. */
    async prepare(runs: readonly CellRun[]) {
      await Promise.all(
        runs
          .filter((r) => r.probe.fresh && r.outcome === 'allowed')
          .map(async (r) => freshIds.set(r, await f.fresh(r.probe.fresh!, r.cell.owner))),
      );
    },

    async denied(run: CellRun) {
      const t = targetOf(run);
      const before = await head();
      if (run.probe.list) {
        for (const { q, answer } of await ask(run, t!)) {
          expect.soft(answer.status, `${run.title} ${q}`).toBe(200);
          expect.soft(run.probe.list.found(answer.body, t!), `${run.title} ${q} shows it`).toBe(false);
        }
      } else {
        const answer = await send(run, t);
        if (run.outcome === 'hidden' && t) {
          const absent = await send(run, { ...t, id: absentId });
          expect.soft([403, 404], `${run.title}: ${shown(answer)}`).toContain(answer.status);
          expect
            .soft(masked(answer, t.id), `${run.title} answers unlike an absent id`)
            .toEqual(masked(absent, absentId));
        } else expect.soft(answer.status, `${run.title}: ${shown(answer)}`).toBe(403);
      }
      expect.soft(await head(), `${run.title} recorded something`).toBe(before);
    },

    async allowed(run: CellRun) {
      const t = targetOf(run);
      if (run.probe.list) {
        for (const { q, answer } of await ask(run, t!)) {
          expect.soft(answer.status, `${run.title} ${q}`).toBe(200);
          expect.soft(run.probe.list.found(answer.body, t!), `${run.title} ${q} misses it`).toBe(true);
        }
        return;
      }
      const answer = await send(run, t);
      expect.soft(authorized(answer), `${run.title}: ${shown(answer)}`).toBe(true);
      if (authorized(answer)) await run.probe.after?.(answer, contextOf(run));
    },
  };
};
