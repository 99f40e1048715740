import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../src/adapters/postgres/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const migrationsIn = async (files: Record<string, string>) => {
  const dir = await mkdtemp(join(tmpdir(), 'migrations-'));
  for (const [name, sql] of Object.entries(files)) await writeFile(join(dir, name), sql);
  return loadMigrations(dir);
};

describe('migrations', () => {
  it('applies the project migrations once: a second run applies nothing', async () => {
    const again = await migrate(db.pool);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBeGreaterThan(0);
  });

  it('applies pending files in version order, each recorded', async () => {
    const extra = await migrationsIn({
      '9001_first.sql': 'CREATE TABLE t_first (id int)',
      '9002_second.sql': 'ALTER TABLE t_first ADD COLUMN name text',
    });
    const result = await migrate(db.pool, extra);
    expect(result.applied).toEqual(['9001_first', '9002_second']);
    const { rows } = await db.pool.query(
      'SELECT version FROM schema_migrations WHERE version > 9000 ORDER BY 1',
    );
    expect(rows.map((r) => r.version)).toEqual([9001, 9002]);
  });

  it('rolls back a failing migration whole and reports it', async () => {
    const bad = await migrationsIn({
      '9101_bad.sql': 'CREATE TABLE t_half (id int); SELECT no_such_function();',
    });
    await expect(migrate(db.pool, bad)).rejects.toThrow(/9101_bad failed/);
    const { rowCount } = await db.pool.query("SELECT 1 FROM pg_tables WHERE tablename = 't_half'");
    expect(rowCount).toBe(0);
  });

  it('refuses to start when an applied migration was edited', async () => {
    await migrate(db.pool, await migrationsIn({ '9201_edit.sql': 'CREATE TABLE t_edit (id int)' }));
    const edited = await migrationsIn({ '9201_edit.sql': 'CREATE TABLE t_edit (id bigint)' });
    await expect(migrate(db.pool, edited)).rejects.toThrow(/changed after it was applied/);
  });

  it('two nodes migrating at once apply each migration exactly once', async () => {
    const files = await migrationsIn({ '9301_race.sql': 'CREATE TABLE t_race (id int)' });
    const results = await Promise.all([
      migrate(db.pool, files),
      migrate(db.pool, files),
      migrate(db.pool, files),
    ]);
    expect(results.flatMap((r) => r.applied)).toEqual(['9301_race']);
  });
});
