import { ConfigError, loadConfig } from '../../app/config.ts';
import { openDatabase } from '../../app/database.ts';

/** `npm run migrate`: applies pending migrations (opening the embedded database when no DATABASE_URL). */
try {
  const database = await openDatabase(loadConfig(), (line) => console.log(line));
  console.log('database is up to date');
  await database.close();
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
}
