import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `npm run bench -- <name> [args]` runs bench/<name>/index.ts; with no name it lists them. */
const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here).filter((d) => statSync(join(here, d)).isDirectory());
const [name, ...args] = process.argv.slice(2);

if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join('|')}> [args]`);
  process.exit(name ? 1 : 0);
}
process.argv = [process.argv[0]!, join(here, name, 'index.ts'), ...args];
await import(join(here, name, 'index.ts'));
