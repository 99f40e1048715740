import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** src/domain is pure: it imports only itself and zod (its event schemas). */
const domainRoot = resolve('src/domain');
const allowedPackages = new Set(['zod']);

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });

const importsOf = (source: string): string[] =>
  [
    ...source.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => (m[1] ?? m[2]) as string);

describe('architecture', () => {
  it('src/domain imports nothing outside src/domain but zod', () => {
    const offenders: string[] = [];
    for (const file of filesUnder(domainRoot)) {
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const ok = spec.startsWith('.')
          ? !relative(domainRoot, resolve(dirname(file), spec)).startsWith('..')
          : allowedPackages.has(spec);
        if (!ok) offenders.push(`${relative('.', file)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
