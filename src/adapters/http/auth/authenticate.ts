import { createHash } from 'node:crypto';
import type { Request } from 'express';
import type { Caller } from '../../../domain/tenancy/roles.ts';
import { HttpProblem } from '../problem.ts';
import type { SessionStore } from './sessions.ts';
import { parseExpires, verifySignature } from './signature.ts';

/** An authenticated user as the API sees it; `active` is false when the user or its account is disabled or locked. */
export type Principal = { readonly caller: Caller; readonly active: boolean };

/** Where authentication finds users: by API key (with the encrypted secret) and by id. */
export type PrincipalLookup = {
  byApiKey(apiKey: string): Promise<{ principal: Principal; encryptedSecret: string } | null>;
  byUserId(userId: string): Promise<Principal | null>;
};

export type AuthenticatorOptions = {
  readonly lookup: PrincipalLookup;
  readonly sessions: SessionStore;
  readonly decryptSecret: (encrypted: string) => string;
  readonly now?: () => Date;
};

const unauthenticated = (detail: string) => new HttpProblem(401, 'UNAUTHENTICATED', detail);

/** The raw body's SHA-256, kept by the JSON parser so a signature can cover the body. */
export const rawBodyHash = (req: Request): string | undefined =>
  (req as Request & { bodySha256?: string }).bodySha256;
export const keepBodyHash = (req: Request, _res: unknown, buf: Buffer) => {
  (req as Request & { bodySha256?: string }).bodySha256 = createHash('sha256').update(buf).digest('hex');
};

/**
 * The REST API's authentication: `Authorization: Bearer <session token>`, or an API key signed
 * with CloudStack's algorithm over the query parameters plus `method` and `path` (so a signature
 * can't be replayed on another operation) and, for a request with a body, `contentSha256`, the
 * hex SHA-256 of the body sent as a signed query parameter.
 */
export const createAuthenticator =
  ({ lookup, sessions, decryptSecret, now = () => new Date() }: AuthenticatorOptions) =>
  async (req: Request): Promise<Caller> => {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const userId = await sessions.userOf(header.slice(7).trim());
      if (!userId) throw unauthenticated('The session is unknown or has expired; log in again');
      return activeCaller(await lookup.byUserId(userId));
    }
    const query = req.query as Record<string, string>;
    const apiKey = query.apiKey ?? query.apikey;
    if (!apiKey) throw unauthenticated('Authenticate with a Bearer session token or a signed API key');
    const signature = query.signature;
    if (!signature) throw unauthenticated('An API key request needs a signature');
    const found = await lookup.byApiKey(apiKey);
    if (!found) throw unauthenticated('Unable to verify user credentials and/or request signature');
    const signed: Record<string, string> = { ...query, method: req.method, path: req.path };
    if (rawBodyHash(req) !== undefined && query.contentSha256 !== rawBodyHash(req))
      throw unauthenticated('contentSha256 must be the hex SHA-256 of the request body');
    if (!verifySignature(signed, signature, decryptSecret(found.encryptedSecret)))
      throw unauthenticated('Unable to verify user credentials and/or request signature');
    if (query.signatureVersion === '3' || query.signatureversion === '3') {
      const expires = parseExpires(query.expires ?? '');
      if (!expires || expires <= now())
        throw unauthenticated('The signature has expired or has no valid expires');
    }
    return activeCaller(found.principal);
  };

const activeCaller = (principal: Principal | null): Caller => {
  if (!principal) throw unauthenticated('Unable to verify user credentials');
  if (!principal.active) throw unauthenticated('The user or its account is disabled or locked');
  return principal.caller;
};
