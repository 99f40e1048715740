import { randomUUID } from 'node:crypto';
import { createPostgresEventStore, type EventStore } from '../../../src/adapters/eventstore/index.ts';
import type { Actor, Position } from '../../../src/adapters/eventstore/port.ts';
import { encodeEvent } from '../../../src/domain/events.ts';
import type { Event } from '../../../src/domain/shared/index.ts';
import { waitForPosition } from '../../../src/projections/consistency.ts';
import type { RowProjection } from '../../../src/projections/projection.ts';
import { ProjectionRunner } from '../../../src/projections/runner.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';

export const admin: Actor = {
  userId: 'admin-user',
  accountId: 'admin-account',
  tenantDomainId: 'root-domain',
};

export type Harness = {
  readonly db: TestDatabase;
  readonly store: EventStore;
  /** Appends domain events to a stream, each validated against its schema first (as the command bus does). */
  record(stream: string, events: readonly Event[], actor?: Actor): Promise<Position>;
  /** Waits until every running read model has applied everything recorded so far. */
  settle(): Promise<void>;
  /** The rows of a read model's view, as JSON objects, by id. */
  rows(name: string): Promise<Record<string, Record<string, unknown>>>;
  row(name: string, id: string): Promise<Record<string, unknown> | undefined>;
  close(): Promise<void>;
};

/** A fresh database with the given read models running live, for one test file. */
export const startHarness = async (models: readonly RowProjection[]): Promise<Harness> => {
  // Each runner holds one connection for its advisory lock: leave room for appends and queries.
  const db = await createTestDatabase({ poolSize: models.length + 10 });
  const store = createPostgresEventStore({ pool: db.pool, pollIntervalMs: 20 });
  const runners = models.map(
    (m) => new ProjectionRunner(db.pool, store, m, { maxWaitMs: 5, standbyRetryMs: 50 }),
  );
  for (const r of runners) r.start();
  // The newest position appended: the head the store reports may lag it while other transactions run.
  let last: Position | null = null;
  const rows = async (name: string) => {
    const { rows: found } = await db.pool.query<{ row: Record<string, unknown> }>(
      `SELECT to_jsonb(t) AS row FROM ${name} t ORDER BY id`,
    );
    return Object.fromEntries(found.map((r) => [r.row.id as string, r.row]));
  };
  return {
    db,
    store,
    async record(stream, events, actor = admin) {
      const result = await store.append(
        stream,
        events.map((e) => {
          const { data, schemaVersion } = encodeEvent(e);
          return {
            id: randomUUID(),
            type: e.type,
            data,
            metadata: { actor, correlationId: randomUUID(), schemaVersion },
          };
        }),
        'any',
      );
      if (last === null || result.position > last) last = result.position;
      return result.position;
    },
    async settle() {
      if (last)
        await waitForPosition(
          db.pool,
          models.map((m) => m.name),
          last,
          { timeoutMs: 30_000 },
        );
      const failed = runners.find((r) => r.status().state === 'failed');
      if (failed) throw new Error(`${failed.projection.name} failed: ${failed.status().error}`);
    },
    rows,
    async row(name, id) {
      return (await rows(name))[id];
    },
    async close() {
      await Promise.all(runners.map((r) => r.stop()));
      await store.close();
      await db.drop();
    },
  };
};

export const newId = (): string => randomUUID();
