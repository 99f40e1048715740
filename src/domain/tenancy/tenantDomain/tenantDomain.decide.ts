import { conflict, forbidden, illegalState, invalid, notFound } from '../../shared/index.ts';
import { assertValidName, type NameRegistry, planReservation } from '../names.ts';
import type {
  CreateTenantDomain,
  DeleteTenantDomain,
  RemoveChildDomain,
  TenantDomainCommand,
  UpdateTenantDomain,
} from './tenantDomain.commands.ts';
import type { TenantDomainEvent } from './tenantDomain.events.ts';
import { requireActive, requireDomain } from './tenantDomain.guards.ts';
import {
  releaseAccountName,
  releaseUsername,
  reserveAccountName,
  reserveUsername,
} from './tenantDomain.registry.ts';
import { rootDomainName, type TenantDomain, type TenantDomainState } from './tenantDomain.state.ts';

/**
 * Uniqueness of sibling, account and user names is kept by ONE writer: the tenant domain stream
 * that holds the names. Two-stream commands are appended in this order by the command side:
 * - CreateTenantDomain / UpdateTenantDomain: first the parent's ChildDomainAdded/Renamed (with the
 *   parent's expected version: this append is the uniqueness check), then the child's
 *   TenantDomainCreated (expected `no_stream`) / TenantDomainRenamed. If the second append is lost,
 *   re-sending the same command finds the name already held by that child and yields only the
 *   child's event, so a retry completes the operation.
 * - DeleteTenantDomain: the domain's TenantDomainDeleted first, then RemoveChildDomain on the
 *   parent frees the name (a name is never free while its domain still lives).
 * Accounts and users do the same through Reserve…/Release…: reserve before creating or renaming,
 * release after deleting.
 */

type Emit = readonly TenantDomainEvent[];

const forbiddenInDomainNames = '/';

/** `<parentPath>/<name>`; the parentPath comes from the read model, so check it really ends with this parent. */
const childPath = (parent: TenantDomain, parentPath: string | null, name: string): string => {
  if (parentPath === null)
    throw invalid('TENANT_DOMAIN_PARENT_PATH_REQUIRED', 'A child tenant domain needs its parent path.', {
      parentId: parent.tenantDomainId,
    });
  if (parentPath.split('/').at(-1) !== parent.name)
    throw conflict(
      'TENANT_DOMAIN_PARENT_PATH_STALE',
      `The parent path ${parentPath} does not end with the parent's name ${parent.name}; reload and retry.`,
      { parentId: parent.tenantDomainId, parentPath, parentName: parent.name },
    );
  return `${parentPath}/${name}`;
};

const assertDomainName = (name: string): void =>
  assertValidName('TENANT_DOMAIN_NAME_INVALID', 'tenant domain name', name, forbiddenInDomainNames);

const nameTaken = (parent: TenantDomain, name: string, by: string) =>
  conflict(
    'TENANT_DOMAIN_NAME_TAKEN',
    `The tenant domain ${parent.path} already has a child named ${name}; choose another name.`,
    { parentId: parent.tenantDomainId, name, takenBy: by },
  );

const createRoot = ({ data }: CreateTenantDomain, state: TenantDomainState): Emit => {
  if (state.status !== 'absent') {
    // Bootstrap runs at every start: creating the same ROOT again is a no-op.
    if (state.tenantDomainId === data.tenantDomainId && state.parentId === null) return [];
    throw conflict(
      'TENANT_DOMAIN_ALREADY_EXISTS',
      `The tenant domain ${state.tenantDomainId} already exists.`,
      {
        tenantDomainId: state.tenantDomainId,
      },
    );
  }
  if (data.name !== rootDomainName)
    throw invalid(
      'TENANT_DOMAIN_ROOT_NAME',
      `A domain without a parent is the ROOT domain and must be named ${rootDomainName}.`,
      {
        name: data.name,
      },
    );
  return [
    {
      type: 'TenantDomainCreated',
      data: {
        tenantDomainId: data.tenantDomainId,
        name: rootDomainName,
        parentId: null,
        path: rootDomainName,
        createdAt: data.now,
      },
    },
  ];
};

const createTenantDomain = (command: CreateTenantDomain, state: TenantDomainState): Emit => {
  const { tenantDomainId, name, parentId, parentPath, now } = command.data;
  if (parentId === null) return createRoot(command, state);
  const parent = requireDomain(state, parentId, 'TENANT_DOMAIN_PARENT_NOT_FOUND');
  assertDomainName(name);
  const path = childPath(parent, parentPath, name);
  const created: TenantDomainEvent = {
    type: 'TenantDomainCreated',
    data: { tenantDomainId, name, parentId, path, createdAt: now },
  };
  const plan = planReservation(parent.children, tenantDomainId, name);
  if (plan.kind === 'held') return [created];
  if (plan.kind === 'taken') throw nameTaken(parent, name, plan.by);
  if (plan.previousName !== null)
    throw conflict(
      'TENANT_DOMAIN_ALREADY_EXISTS',
      `The tenant domain ${tenantDomainId} already exists as ${plan.previousName}.`,
      {
        tenantDomainId,
        name: plan.previousName,
      },
    );
  requireActive(parent);
  return [
    { type: 'ChildDomainAdded', data: { tenantDomainId: parentId, childId: tenantDomainId, name } },
    created,
  ];
};

const updateTenantDomain = ({ data }: UpdateTenantDomain, state: TenantDomainState): Emit => {
  const { tenantDomainId, name, parentId, parentPath, now } = data;
  if (parentId === null)
    throw forbidden('TENANT_DOMAIN_ROOT_IMMUTABLE', 'The ROOT domain cannot be renamed.', { tenantDomainId });
  const parent = requireDomain(state, parentId, 'TENANT_DOMAIN_PARENT_NOT_FOUND');
  const previousName = parent.children[tenantDomainId];
  if (previousName === undefined)
    throw notFound(
      'TENANT_DOMAIN_NOT_FOUND',
      `The tenant domain ${tenantDomainId} is not a child of ${parent.path}.`,
      {
        tenantDomainId,
        parentId,
      },
    );
  assertDomainName(name);
  const path = childPath(parent, parentPath, name);
  const renamed: TenantDomainEvent = {
    type: 'TenantDomainRenamed',
    data: { tenantDomainId, parentId, name, previousName, path, renamedAt: now },
  };
  const plan = planReservation(parent.children, tenantDomainId, name);
  // Held: the parent already has this name, so only the child's own record is (re)written; this
  // completes an interrupted rename and refreshes the child's stored path.
  if (plan.kind === 'held') return [renamed];
  if (plan.kind === 'taken') throw nameTaken(parent, name, plan.by);
  requireActive(parent);
  return [
    {
      type: 'ChildDomainRenamed',
      data: { tenantDomainId: parentId, childId: tenantDomainId, name, previousName },
    },
    renamed,
  ];
};

const idsOf = (registry: NameRegistry): string[] => Object.keys(registry);

const deleteTenantDomain = ({ data }: DeleteTenantDomain, state: TenantDomainState): Emit => {
  const domain = requireDomain(state, data.tenantDomainId, 'TENANT_DOMAIN_NOT_FOUND');
  if (domain.status === 'deleted') return [];
  if (domain.parentId === null)
    throw forbidden('TENANT_DOMAIN_ROOT_UNDELETABLE', 'The ROOT domain can never be deleted.', {
      tenantDomainId: domain.tenantDomainId,
    });
  const childIds = idsOf(domain.children);
  const accountIds = idsOf(domain.accounts);
  if (childIds.length === 0 && accountIds.length === 0)
    return [
      {
        type: 'TenantDomainDeleted',
        data: {
          tenantDomainId: domain.tenantDomainId,
          parentId: domain.parentId,
          name: domain.name,
          path: domain.path,
          deletedAt: data.now,
        },
      },
    ];
  if (!data.cleanup)
    throw illegalState(
      'TENANT_DOMAIN_NOT_EMPTY',
      `The tenant domain ${domain.path} still has ${childIds.length} child domain(s) and ${accountIds.length} account(s); delete them first or pass cleanup=true.`,
      { tenantDomainId: domain.tenantDomainId, childIds, accountIds },
    );
  // Already cleaning up: the command side re-sends this command once children and accounts are gone.
  if (domain.status === 'deleting') return [];
  return [
    {
      type: 'TenantDomainDeletionStarted',
      data: {
        tenantDomainId: domain.tenantDomainId,
        path: domain.path,
        childIds,
        accountIds,
        startedAt: data.now,
      },
    },
  ];
};

const removeChildDomain = ({ data }: RemoveChildDomain, state: TenantDomainState): Emit => {
  const parent = requireDomain(state, data.tenantDomainId, 'TENANT_DOMAIN_NOT_FOUND');
  const name = parent.children[data.childId];
  if (name === undefined) return [];
  return [
    {
      type: 'ChildDomainRemoved',
      data: { tenantDomainId: data.tenantDomainId, childId: data.childId, name },
    },
  ];
};

export const decide = (command: TenantDomainCommand, state: TenantDomainState): Emit => {
  switch (command.type) {
    case 'CreateTenantDomain':
      return createTenantDomain(command, state);
    case 'UpdateTenantDomain':
      return updateTenantDomain(command, state);
    case 'DeleteTenantDomain':
      return deleteTenantDomain(command, state);
    case 'RemoveChildDomain':
      return removeChildDomain(command, state);
    case 'ReserveAccountName':
      return reserveAccountName(command, state);
    case 'ReleaseAccountName':
      return releaseAccountName(command, state);
    case 'ReserveUsername':
      return reserveUsername(command, state);
    case 'ReleaseUsername':
      return releaseUsername(command, state);
    default: {
      const unknown: never = command;
      throw invalid('UNKNOWN_COMMAND', `Unknown tenant domain command ${JSON.stringify(unknown)}.`);
    }
  }
};
