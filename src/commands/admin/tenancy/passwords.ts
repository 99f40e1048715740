import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes in the PHC string format the user aggregate accepts:
 * `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>` (salt and hash base64, unpadded).
 * N = 2^14, r = 8 costs 16 MiB and tens of milliseconds per hash: slow for guessing, fine for logins.
 */
const defaults = { ln: 14, r: 8, p: 1 };
const hashBytes = 32;

const derive = (password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFKC'),
      salt,
      hashBytes,
      { ...options, maxmem: 256 * 1024 * 1024 },
      (e, key) => (e ? reject(e) : resolve(key)),
    ),
  );

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');

export const hashPassword = async (password: string): Promise<string> => {
  const salt = randomBytes(16);
  const { ln, r, p } = defaults;
  const key = await derive(password, salt, { N: 2 ** ln, r, p });
  return `$scrypt$ln=${ln},r=${r},p=${p}$${b64(salt)}$${b64(key)}`;
};

const phc = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** Constant-time check of a password against a hash made by hashPassword; false for any other format. */
export const verifyPassword = async (password: string, hash: string): Promise<boolean> => {
  const m = phc.exec(hash);
  if (m === null) return false;
  const [, ln, r, p, salt, expected] = m as unknown as [string, string, string, string, string, string];
  const want = Buffer.from(expected, 'base64');
  const got = await derive(password, Buffer.from(salt, 'base64'), {
    N: 2 ** Number(ln),
    r: Number(r),
    p: Number(p),
  });
  return got.length === want.length && timingSafeEqual(got, want);
};

/** A random password for generated users (the bootstrap admin): 24 characters, base64url. */
export const generatePassword = (): string => randomBytes(18).toString('base64url');
