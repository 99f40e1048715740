import { encodeEvent } from '../../../domain/events.ts';
import type { Command, Decider } from '../../../domain/shared/index.ts';
import { forbidden, streamName } from '../../../domain/shared/index.ts';
import type { Caller } from '../../../domain/tenancy/roles.ts';
import {
  type TenantDomainCommand,
  type TenantDomainEvent,
  type TenantDomainState,
  tenantDomainCategory,
  tenantDomainDecider,
  tenantDomainStreamIdOf,
} from '../../../domain/tenancy/tenantDomain/index.ts';
import type { CommandBus } from '../../commandBus.ts';
import type { CommandContext } from '../../context.ts';
import { handleCommand } from '../../handleCommand.ts';
import {
  type AdminDeps,
  type Invocation,
  newId,
  type Positioned,
  Steps,
  stepCtx,
  submitAdminJob,
} from '../shared.ts';
import { domainChain, livePath, loadDomain, requireAdminRole, requireDomainAccess } from './scope.ts';

/** A decider that records on `streamId` only the events of a two-stream decision that belong there. */
const onStream = (
  streamId: string,
  decideAgainst: (state: TenantDomainState) => TenantDomainState,
  alreadyApplied: (event: TenantDomainEvent, state: TenantDomainState) => boolean,
): Decider<TenantDomainCommand, TenantDomainState, TenantDomainEvent> => ({
  ...tenantDomainDecider,
  decide: (command, state) =>
    tenantDomainDecider
      .decide(command, decideAgainst(state))
      .filter((e) => tenantDomainStreamIdOf(e) === streamId && !alreadyApplied(e, state)),
});

/** The child already holds what the event would write (a completed earlier attempt). */
const childHas = (event: TenantDomainEvent, child: TenantDomainState): boolean => {
  if (event.type === 'TenantDomainCreated') return child.status !== 'absent';
  if (event.type === 'TenantDomainRenamed')
    return child.status !== 'absent' && child.name === event.data.name && child.path === event.data.path;
  return false;
};

/**
 * The two-step append the tenant domain aggregate documents for CreateTenantDomain and
 * UpdateTenantDomain: first the parent's ChildDomainAdded / ChildDomainRenamed (the parent's
 * expected revision makes that append the sibling-name uniqueness check), then the child's own
 * event, decided against the parent's state once more. If the second append is lost, the same call
 * again finds the name held by that child and writes only the child's event.
 */
const appendTwoStep = async (
  bus: CommandBus,
  ctx: CommandContext,
  steps: Steps,
  parentId: string,
  childId: string,
  command: TenantDomainCommand,
): Promise<void> => {
  const handle = (id: string, decider: Decider<TenantDomainCommand, TenantDomainState, TenantDomainEvent>) =>
    handleCommand(
      bus.store,
      decider as Decider<Command, TenantDomainState, TenantDomainEvent>,
      streamName(tenantDomainCategory, id),
      command,
      stepCtx(ctx, `${command.type}:${id}`),
      {
        encode: encodeEvent,
      },
    );
  const first = await handle(
    parentId,
    onStream(
      parentId,
      (s) => s,
      () => false,
    ),
  );
  steps.note(first.position);
  const parent = (await bus.load('tenantDomain', parentId)).state;
  const second = await handle(
    childId,
    onStream(childId, () => parent, childHas),
  );
  steps.note(second.position);
};

export type CreateTenantDomainInput = {
  readonly name: string;
  /** Defaults to the caller's own domain. */
  readonly parentId?: string;
  readonly tenantDomainId?: string;
};

/** createDomain (sync): root admins anywhere, domain admins below their own domain. */
export const createTenantDomain = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  input: CreateTenantDomainInput,
): Promise<Positioned & { tenantDomainId: string; path: string }> => {
  requireAdminRole(caller, 'create tenant domains');
  const parentId = input.parentId ?? caller.tenantDomainId;
  const chain = await domainChain(bus, parentId);
  requireDomainAccess(caller, chain, `create domains under ${livePath(chain)}`);
  const tenantDomainId = newId(ctx, 'tenantdomain', input.tenantDomainId);
  const steps = new Steps(bus, ctx);
  await appendTwoStep(bus, ctx, steps, parentId, tenantDomainId, {
    type: 'CreateTenantDomain',
    data: { tenantDomainId, name: input.name, parentId, parentPath: livePath(chain), now: bus.now() },
  });
  return { tenantDomainId, path: `${livePath(chain)}/${input.name}`, position: steps.position };
};

/** A domain admin manages what is below its domain, not its own domain. */
const requireBelowCaller = (caller: Caller, tenantDomainId: string, action: string) => {
  if (caller.roleType !== 'Admin' && caller.tenantDomainId === tenantDomainId)
    throw forbidden('TENANCY_FORBIDDEN', `A domain admin may not ${action} its own domain.`, {
      userId: caller.userId,
      tenantDomainId,
    });
};

/** updateDomain (sync): renames a domain; its sibling names stay unique through the parent. */
export const renameTenantDomain = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  input: { readonly tenantDomainId: string; readonly name: string },
): Promise<Positioned> => {
  requireAdminRole(caller, 'rename tenant domains');
  const chain = await domainChain(bus, input.tenantDomainId);
  requireDomainAccess(caller, chain, `rename ${livePath(chain)}`);
  requireBelowCaller(caller, input.tenantDomainId, 'rename');
  const [domain, ...ancestors] = chain;
  const steps = new Steps(bus, ctx);
  await appendTwoStep(bus, ctx, steps, domain!.parentId ?? domain!.tenantDomainId, input.tenantDomainId, {
    type: 'UpdateTenantDomain',
    data: {
      tenantDomainId: input.tenantDomainId,
      parentId: domain!.parentId,
      name: input.name,
      parentPath: ancestors.length ? livePath(ancestors) : null,
      now: bus.now(),
    },
  });
  return { position: steps.position };
};

/**
 * deleteDomain (async, as CloudStack): the DeleteTenantDomain job deletes the domain, and with
 * cleanup its child domains and accounts first; without cleanup a non-empty domain is refused.
 */
export const deleteTenantDomain = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  input: { readonly tenantDomainId: string; readonly cleanup?: boolean },
): Promise<Positioned & { jobId: string }> => {
  requireAdminRole(caller, 'delete tenant domains');
  const chain = await domainChain(bus, input.tenantDomainId);
  requireDomainAccess(caller, chain, `delete ${livePath(chain)}`);
  requireBelowCaller(caller, input.tenantDomainId, 'delete');
  await loadDomain(bus, input.tenantDomainId);
  return submitAdminJob(bus, ctx, {
    command: 'DeleteTenantDomain',
    resourceType: 'Domain',
    resourceId: input.tenantDomainId,
    params: { tenantDomainId: input.tenantDomainId, cleanup: input.cleanup ?? false },
    accountId: caller.accountId,
    tenantDomainId: input.tenantDomainId,
  });
};
