import { z } from 'zod';
import type { HttpContext } from '../../../../app/http.ts';
import { hashPassword, verifyPassword } from '../../../../commands/admin/tenancy/passwords.ts';
import { getResource, resourceSpecs } from '../../../../projections/queries/index.ts';
import { HttpProblem } from '../../problem.ts';
import { type Route, route } from '../../route.ts';

/** `ROOT`, `ROOT/a/b`, `/a/b` (CloudStack's form, relative to ROOT) or `a/b` all name the same domain. */
export const domainPathOf = (domain: string | undefined): string => {
  const trimmed = (domain ?? '').trim().replace(/\/+$/, '');
  if (trimmed === '' || trimmed === '/') return 'ROOT';
  if (trimmed.toUpperCase() === 'ROOT' || trimmed.toUpperCase().startsWith('ROOT/')) return trimmed;
  return `ROOT/${trimmed.replace(/^\/+/, '')}`;
};

const badLogin = () =>
  new HttpProblem(401, 'LOGIN_FAILED', 'The username or password is incorrect for this domain');

/** A hash to check unknown users against, so a wrong username costs as long as a wrong password. */
let decoy: Promise<string> | undefined;

export const authRoutes = ({ app, sessions, principals }: HttpContext): Route[] => [
  route({
    method: 'post',
    path: '/v1/auth/login',
    summary: 'Log in with username and password; answers an expiring session token',
    tags: ['auth'],
    auth: false,
    body: z.strictObject({
      username: z.string().min(1).max(255),
      password: z.string().min(1).max(1024),
      domain: z.string().max(1024).optional(),
    }),
    responses: { 200: { description: 'The session' }, 401: { description: 'Bad credentials' } },
    handler: async ({ body }) => {
      const found = await principals.byUsername(body.username, domainPathOf(body.domain));
      decoy ??= hashPassword('decoy password, never valid');
      const hash = found?.passwordHash ?? (await decoy);
      const valid = await verifyPassword(body.password, hash);
      if (!found?.passwordHash || !valid) throw badLogin();
      if (!found.principal.active)
        throw new HttpProblem(401, 'UNAUTHENTICATED', 'The user or its account is disabled or locked');
      const { caller } = found.principal;
      const { token, expiresAt } = await sessions.create(caller.userId);
      return {
        status: 200,
        body: { token, expiresAt: expiresAt.toISOString(), user: { username: body.username, ...caller } },
      };
    },
  }),
  route({
    method: 'post',
    path: '/v1/auth/logout',
    summary: 'End the current session',
    tags: ['auth'],
    responses: { 204: { description: 'Logged out' } },
    handler: async ({ req }) => {
      const header = req.headers.authorization;
      if (!header?.startsWith('Bearer '))
        throw new HttpProblem(400, 'NO_SESSION', 'Only a session (Bearer token) can be logged out');
      await sessions.revoke(header.slice(7).trim());
      return { status: 204 };
    },
  }),
  route({
    method: 'get',
    path: '/v1/auth/me',
    summary: 'The authenticated caller and its user',
    tags: ['auth'],
    responses: { 200: { description: 'The caller' } },
    handler: async ({ caller }) => {
      const user = await getResource(app.pool, resourceSpecs.users, caller!.userId);
      return { status: 200, body: { ...caller, user } };
    },
  }),
];
