import type { Json } from '../../../support/http.ts';
import { expectStatus } from '../admin/support.ts';
import { jobDone, type Keys, type World } from './world.ts';

/**
 * Requests the lifecycle tests make on a world's node: each checks its status and returns once the
 * read models show what it did, so the next read sees it.
 */

/** A request that must answer `status` (as the root admin unless `keys` are given). */
export const call = (w: World, status: number, method: string, path: string, body?: unknown, keys?: Keys) =>
  expectStatus(w.server, status, method, path, body, keys);

/** An async request: 202 with its job, which must end in `state`; then every read model caught up. */
export const runJob = async (
  w: World,
  method: string,
  path: string,
  body?: unknown,
  keys?: Keys,
  state: 'succeeded' | 'failed' = 'succeeded',
): Promise<{ id: string; job: Json }> => {
  const accepted = await call(w, 202, method, path, body, keys);
  if (accepted.jobUrl !== `/v1/jobs/${accepted.jobId}`)
    throw new Error(`no job in ${JSON.stringify(accepted)}`);
  const job = await jobDone(w, accepted.jobId, keys);
  if (job.state !== state)
    throw new Error(
      `${method} ${path}: the job ended ${job.state}, expected ${state}: ${JSON.stringify(job)}`,
    );
  await w.server.settle(await w.server.app.store.headPosition());
  return { id: accepted.id, job };
};

/** A running VM of the world's small offering and template, for the account of `keys` (or `accountId`). */
export const deployRunning = async (w: World, name: string, keys?: Keys, accountId?: string) =>
  (
    await runJob(
      w,
      'POST',
      '/v1/vms',
      { zoneId: w.zoneId, serviceOfferingId: w.offeringId, templateId: w.templateId, name, accountId },
      keys,
    )
  ).id;

/** What a new user is made of; the password follows from the name. */
export const profile = (username: string) => ({
  username,
  firstname: 'F',
  lastname: 'L',
  email: `${username}@example.com`,
  password: `pw-${username}-123456`,
});

/** A new account of a tenant domain, made by the root admin, with its first user and that user's keys. */
export const newAccount = async (
  w: World,
  username: string,
  tenantDomainId: string,
  accountType = 'User',
) => {
  const created = await call(w, 201, 'POST', '/v1/accounts', {
    ...profile(username),
    tenantDomainId,
    accountType,
  });
  const keys: Keys = await call(w, 201, 'POST', `/v1/users/${created.userId}/keys`);
  return { accountId: created.id as string, userId: created.userId as string, keys };
};

/** A read that must answer 200. */
export const get = (w: World, path: string, keys?: Keys) => call(w, 200, 'GET', path, undefined, keys);
