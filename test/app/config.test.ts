import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/app/config.ts';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    return (e as ConfigError).problems;
  }
  return [];
};

describe('configuration', () => {
  it('has working defaults: embedded PostgreSQL, port 8080, the postgres event store', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 8080, EVENT_STORE: 'postgres', LOG_LEVEL: 'info' });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('names the variable and the reason for a bad port', () => {
    expect(problemsOf({ PORT: '70000' })).toEqual([expect.stringMatching(/^PORT: .*70000/)]);
  });

  it('refuses a DATABASE_URL that is not a postgres URL', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://x@y/z' })).toEqual([
      expect.stringMatching(/^DATABASE_URL: must be a postgres/),
    ]);
  });

  it('requires EVENTSTOREDB_URL when EVENT_STORE=eventstoredb', () => {
    expect(problemsOf({ EVENT_STORE: 'eventstoredb' })).toEqual([
      expect.stringMatching(/^EVENTSTOREDB_URL: is required/),
    ]);
  });

  it('refuses an unknown event store and an unknown log level together', () => {
    expect(problemsOf({ EVENT_STORE: 'kafka', LOG_LEVEL: 'loud' })).toHaveLength(2);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).PORT).toBe(8080);
  });

  it('reports all problems in one error', () => {
    expect(() => loadConfig({ PORT: 'x' })).toThrow(ConfigError);
  });
});
