import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateEncryptionKey } from '../commands/admin/tenancy/secrets.ts';

/**
 * The key API secrets are encrypted with: SECRETS_KEY (base64, 32 bytes) when set, else a key
 * generated once and kept in DATA_DIR/secrets.key (readable by its owner only). Every node of a
 * cluster must share the same key.
 */
export const loadSecretsKey = async (configured: string | undefined, dataDir: string): Promise<Buffer> => {
  if (configured) return Buffer.from(configured, 'base64');
  const file = join(dataDir, 'secrets.key');
  if (existsSync(file)) return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  await mkdir(dataDir, { recursive: true });
  const key = generateEncryptionKey();
  await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return key;
};
