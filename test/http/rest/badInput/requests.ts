import { createHash } from 'node:crypto';
import { sign } from '../../../../src/adapters/http/auth/signature.ts';
import type { Json } from '../../../support/http.ts';

/** Raw requests with exactly the credentials, query and body a bad-input case needs, nothing fixed up. */

export type Keys = { readonly apiKey: string; readonly secretKey: string };

export type Credentials =
  | { readonly kind: 'none' }
  | { readonly kind: 'bearer'; readonly token: string }
  | {
      readonly kind: 'signed';
      readonly keys: Keys;
      /** What the signature was made for, when not this request (a replayed signature). */
      readonly signedFor?: { readonly method?: string; readonly path?: string; readonly body?: string };
      /** Signed with a secret that isn't the key's. */
      readonly forged?: boolean;
    };

export type Probe = {
  readonly method: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  /** Sent as is, as application/json. */
  readonly body?: string;
  readonly credentials: Credentials;
};

export type Answer = { readonly status: number; readonly contentType: string; readonly body: Json };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const queryOf = (probe: Probe): Record<string, string> => {
  const { credentials: c } = probe;
  if (c.kind !== 'signed') return { ...probe.query };
  const params: Record<string, string> = { ...probe.query, apiKey: c.keys.apiKey };
  const signedBody = c.signedFor?.body ?? probe.body;
  if (signedBody !== undefined) params.contentSha256 = sha256(signedBody);
  const signed = {
    ...params,
    method: c.signedFor?.method ?? probe.method,
    path: c.signedFor?.path ?? probe.path,
  };
  return { ...params, signature: sign(signed, c.forged ? 'not the secret' : c.keys.secretKey) };
};

export const send = async (base: string, probe: Probe): Promise<Answer> => {
  const headers: Record<string, string> = {};
  if (probe.credentials.kind === 'bearer') headers.authorization = `Bearer ${probe.credentials.token}`;
  if (probe.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${probe.path}?${new URLSearchParams(queryOf(probe))}`, {
    method: probe.method,
    headers,
    ...(probe.body !== undefined && { body: probe.body }),
  });
  const contentType = res.headers.get('content-type') ?? '';
  const text = await res.text();
  return { status: res.status, contentType, body: contentType.includes('json') ? JSON.parse(text) : text };
};
