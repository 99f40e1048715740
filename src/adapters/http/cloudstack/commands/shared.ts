import { type Item, queries, type ResourceName } from '../../../../projections/queries/index.ts';
import type { Position } from '../../../eventstore/port.ts';
import { CsError } from '../protocol.ts';
import { domainPathOf } from '../scope.ts';
import type { Answer, Call } from '../table.ts';

export const req = (call: Call) => ({ caller: call.caller, ctx: call.ctx });

/** The account named by `account` (+ `domainid`, default the caller's domain), for admins acting for it. */
export const accountParam = async (call: Call): Promise<string | undefined> => {
  const name = call.str('account');
  if (name === undefined) return undefined;
  const tenantDomainId = call.str('domainid') ?? call.caller.tenantDomainId;
  if ((await domainPathOf(call, tenantDomainId)) === null)
    throw new CsError(431, `Unable to find domain by id ${tenantDomainId}`, 4350);
  const { items } = await queries(call.http.app.pool).accounts.list({ name, tenantDomainId });
  if (!items[0]) throw new CsError(431, `Unable to find account ${name} in domain ${tenantDomainId}`, 4350);
  return items[0].id;
};

export const list = (key: string, items: readonly object[], count: number): Answer => ({
  kind: 'list',
  key,
  items,
  count,
});

export const async = (submitted: { jobId: string; position: string | null }, id?: string): Answer => ({
  kind: 'async',
  jobId: submitted.jobId,
  position: submitted.position,
  ...(id ? { id } : {}),
});

/** A read-model row once the read models show `position` (a write's), at once without one. */
export const readAfter = (
  call: Call,
  resource: ResourceName,
  id: string,
  position: Position | null | undefined,
): Promise<Item | null> =>
  queries(call.http.app.pool)[resource].get(id, position ? { minPosition: position, timeoutMs: 10_000 } : {});

/** A sync command's object answer: the resource read back once the read models show its write. */
export const readBack = async <T>(
  call: Call,
  resource: ResourceName,
  id: string,
  position: Position | null,
  key: string,
  map: (row: Item & Record<string, unknown>) => T | Promise<T>,
): Promise<Answer> => {
  const row = await readAfter(call, resource, id, position);
  if (!row) throw new CsError(431, `Unable to find ${key} by id ${id}`, 4350);
  return { kind: 'object', key, value: (await map(row as never)) as object, position };
};
