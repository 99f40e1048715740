import { randomBytes, randomUUID } from 'node:crypto';
import express, { type Request, type Response, Router } from 'express';
import type { HttpContext } from '../../../app/http.ts';
import { verifyPassword } from '../../../commands/admin/tenancy/passwords.ts';
import { decrypt } from '../../../commands/admin/tenancy/secrets.ts';
import type { CommandContext } from '../../../commands/context.ts';
import type { Caller } from '../../../domain/tenancy/roles.ts';
import { queries } from '../../../projections/queries/index.ts';
import type { Position } from '../../eventstore/port.ts';
import { parseExpires, verifySignature } from '../auth/signature.ts';
import { commandByName } from './catalog.ts';
import {
  CsError,
  credentialsRefused,
  csErrorOf,
  errorBody,
  type RequestParams,
  requestParams,
  responseKey,
} from './protocol.ts';
import { callOf, validateParams } from './table.ts';

const jsonType = 'application/json; charset=UTF-8';

const send = (res: Response, status: number, body: unknown) => {
  res.status(status).setHeader('Content-Type', jsonType);
  res.end(JSON.stringify(body));
};

const sendError = (res: Response, command: string | undefined, e: CsError) => {
  const key =
    command && commandByName.has(command) && e.errorCode !== 432 ? responseKey(command) : 'errorresponse';
  res.setHeader('X-Description', e.message.replace(/[^\x20-\x7e]/g, '?'));
  send(res, e.errorCode, { [key]: errorBody(e) });
};

const cookieOf = (req: Request, name: string): string | undefined => {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
};

/**
 * CloudStack's API at /client/api (reference: cloudstack-api.md): GET and POST, API keys signed
 * with CloudStack's algorithm (or a login session), every command in the one table of supported
 * commands, mapped onto the same operations and queries as the REST API.
 */
export const cloudStackRouter = (context: HttpContext): Router => {
  const router = Router();
  const { principals, sessions, app } = context;
  /** The position of each user's latest write: their lists wait for it (CloudStack reads its own writes). */
  const lastWrite = new Map<string, Position>();

  const authenticate = async (req: Request, params: RequestParams, command: string): Promise<Caller> => {
    const { raw, lower } = params;
    const sessionKey = lower.sessionkey ?? cookieOf(req, 'sessionkey');
    if (lower.apikey === undefined && sessionKey !== undefined) {
      const userId = await sessions.userOf(sessionKey);
      const principal = userId ? await principals.byUserId(userId) : null;
      if (!principal?.active) throw new CsError(401, 'unable to verify user credentials');
      return principal.caller;
    }
    if (!commandByName.has(command)) throw credentialsRefused();
    const apiKey = lower.apikey;
    const signature = lower.signature;
    if (!apiKey || !signature) throw credentialsRefused();
    const found = await principals.byApiKey(apiKey);
    if (!found?.principal.active) throw credentialsRefused();
    const signed = Object.fromEntries(Object.entries(raw).filter(([k]) => k.toLowerCase() !== 'signature'));
    if (!verifySignature(signed, signature, decrypt(found.encryptedSecret, app.encryptionKey)))
      throw credentialsRefused();
    if (lower.signatureversion === '3') {
      const expires = parseExpires(lower.expires ?? '');
      if (!expires || expires <= new Date()) throw credentialsRefused();
    }
    return found.principal.caller;
  };

  const login = async (req: Request, res: Response, params: RequestParams) => {
    if (req.method !== 'POST') throw new CsError(405, 'Please use HTTP POST to authenticate using this API');
    const { lower } = params;
    let path = (lower.domain ?? 'ROOT').replace(/^\/+|\/+$/g, '') || 'ROOT';
    if (!/^ROOT(\/|$)/i.test(path)) path = `ROOT/${path}`;
    if (lower.domainid) {
      const domain = await queries(app.pool).tenantDomains.get(lower.domainid);
      if (domain) path = domain.path as string;
    }
    const found = lower.username ? await principals.byUsername(lower.username, path) : null;
    const ok =
      found?.principal.active &&
      found.passwordHash !== null &&
      (await verifyPassword(lower.password ?? '', found.passwordHash));
    if (!ok || !found)
      throw new CsError(531, 'Failed to authenticate user; please check your username, password and domain');
    const { token } = await sessions.create(found.principal.caller.userId);
    const user = await queries(app.pool).users.get(found.principal.caller.userId);
    const account = await queries(app.pool).accounts.get(found.principal.caller.accountId);
    res.setHeader('Set-Cookie', [
      `JSESSIONID=${randomBytes(16).toString('hex')}; Path=/client; HttpOnly`,
      `sessionkey=${token}; Path=/client; HttpOnly`,
    ]);
    const accountType = { User: '0', RootAdmin: '1', DomainAdmin: '2' }[String(account?.type)] ?? '0';
    send(res, 200, {
      loginresponse: {
        username: user?.username,
        userid: found.principal.caller.userId,
        domainid: found.principal.caller.tenantDomainId,
        timeout: sessions.ttlSeconds,
        account: account?.name,
        firstname: user?.firstname ?? '',
        lastname: user?.lastname ?? '',
        type: accountType,
        timezone: 'UTC',
        timezoneoffset: '0.0',
        registered: 'false',
        sessionkey: token,
        is2faenabled: 'false',
        is2faverified: 'true',
      },
    });
  };

  const handle = async (req: Request, res: Response) => {
    let command: string | undefined;
    try {
      const query = req.originalUrl.includes('?')
        ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1)
        : '';
      const params = requestParams(query, typeof req.body === 'string' ? req.body : '');
      command = params.raw.command;
      if (!command) throw new CsError(400, 'no command specified');
      if (command === 'login') return await login(req, res, params);
      const caller = await authenticate(req, params, command);
      if (command === 'logout') {
        const key = params.lower.sessionkey ?? cookieOf(req, 'sessionkey');
        if (key) await sessions.revoke(key);
        res.setHeader('Set-Cookie', [
          'sessionkey=; Path=/client; Max-Age=0',
          'JSESSIONID=; Path=/client; Max-Age=0',
        ]);
        return send(res, 200, { logoutresponse: { description: 'success' } });
      }
      const spec = commandByName.get(command);
      if (!spec) throw credentialsRefused();
      if (spec.roles && !spec.roles.includes(caller.roleType))
        throw new CsError(
          401,
          `The given command '${command}' either does not exist, is not available for user.`,
        );
      validateParams(spec, params.lower);
      const requestId = (res.getHeader('X-Request-Id') as string | undefined) ?? randomUUID();
      const ctx: CommandContext = {
        commandId: randomUUID(),
        correlationId: requestId,
        requestId,
        actor: { userId: caller.userId, accountId: caller.accountId, tenantDomainId: caller.tenantDomainId },
      };
      const minPosition = lastWrite.get(caller.userId);
      const answer = await spec.run(
        callOf({ command, caller, ctx, http: context, params: params.lower, minPosition }),
      );
      const key = responseKey(command);
      if ('position' in answer && answer.position) lastWrite.set(caller.userId, answer.position);
      switch (answer.kind) {
        case 'list':
          return send(res, 200, {
            [key]: answer.items.length
              ? { count: answer.count, [answer.key]: answer.items }
              : answer.count
                ? { count: answer.count }
                : {},
          });
        case 'object':
          return send(res, 200, { [key]: { [answer.key]: answer.value } });
        case 'async':
          return send(res, 200, { [key]: { ...(answer.id ? { id: answer.id } : {}), jobid: answer.jobId } });
        case 'success':
          return send(res, 200, { [key]: { success: true } });
        case 'flat':
          return send(res, 200, { [key]: answer.value });
      }
    } catch (e) {
      sendError(res, command, csErrorOf(e));
    }
  };

  router.use(express.text({ type: 'application/x-www-form-urlencoded', limit: '2mb' }));
  router.get('/', handle);
  router.post('/', handle);
  return router;
};
