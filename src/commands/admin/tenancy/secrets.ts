import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * API secrets are stored encrypted with AES-256-GCM under a key from the configuration, so the
 * event log never holds a clear secret. Format: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 * GCM authenticates: a tampered value, or one encrypted under another key, fails to decrypt.
 */
const version = 'v1';
const keyBytes = 32;
const ivBytes = 12;

const requireKey = (key: Buffer): void => {
  if (key.length !== keyBytes)
    throw new Error(`the secret encryption key must be ${keyBytes} bytes (AES-256), not ${key.length}`);
};

export const encrypt = (plain: string, key: Buffer): string => {
  requireKey(key);
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [version, iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
};

export const decrypt = (encrypted: string, key: Buffer): string => {
  requireKey(key);
  const [v, iv, tag, ciphertext, ...rest] = encrypted.split('.');
  if (v !== version || iv === undefined || tag === undefined || ciphertext === undefined || rest.length > 0)
    throw new Error('not an encrypted secret of this version');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
    'utf8',
  );
};

/** A fresh key for the configuration (the embedded default generates one and keeps it). */
export const generateEncryptionKey = (): Buffer => randomBytes(keyBytes);

/** CloudStack-like key pair: 64 random bytes each, base64url (86 characters, safe in a query string). */
export const generateApiKeyPair = (): { apiKey: string; secretKey: string } => ({
  apiKey: randomBytes(64).toString('base64url'),
  secretKey: randomBytes(64).toString('base64url'),
});
