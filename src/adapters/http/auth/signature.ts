import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * CloudStack's request signature (reference: cloudstack-api.md §1.3): every parameter but
 * `signature`, names sorted in their original case by code unit, values encoded as Java's
 * URLEncoder does with '+' as %20, joined with '&', the whole string lower-cased, then
 * HMAC-SHA1 with the secret, Base64.
 */
const javaUrlEncode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export const stringToSign = (params: Readonly<Record<string, string>>): string =>
  Object.keys(params)
    .filter((name) => name.toLowerCase() !== 'signature')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${name}=${javaUrlEncode(params[name]!)}`)
    .join('&')
    .toLowerCase();

export const sign = (params: Readonly<Record<string, string>>, secret: string): string =>
  createHmac('sha1', secret).update(stringToSign(params)).digest('base64');

/**
 * Clients deviate in small ways that real CloudStack tolerates only by luck (cloudstack-api.md
 * §1.3): some sort lower-cased names, some leave '~' raw, some send '*' as %2a. Accepting those
 * variants costs no security: the same secret signs each of them.
 */
const variants = (params: Readonly<Record<string, string>>): string[] => {
  const exact = stringToSign(params);
  const lowerSorted = Object.keys(params)
    .filter((name) => name.toLowerCase() !== 'signature')
    .map((name) => [name.toLowerCase(), javaUrlEncode(params[name]!)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([n, v]) => `${n}=${v}`)
    .join('&')
    .toLowerCase();
  return [...new Set([exact, lowerSorted, exact.replaceAll('%7e', '~'), exact.replaceAll('*', '%2a')])];
};

const equal = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Whether `signature` signs `params` with `secret`, under the exact rule or a known client variant. */
export const verifySignature = (
  params: Readonly<Record<string, string>>,
  signature: string,
  secret: string,
): boolean =>
  variants(params).some((text) => equal(createHmac('sha1', secret).update(text).digest('base64'), signature));

/** The `expires` formats CloudStack accepts (ISO-8601 with offset, `+0000` style, instant); null if none. */
export const parseExpires = (value: string): Date | null => {
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(normalised)) return null;
  const date = new Date(normalised);
  return Number.isNaN(date.getTime()) ? null : date;
};
