import { z } from 'zod';
import { type EventsOf, v1 } from '../../shared/index.ts';
import { entityId, timestamp } from '../names.ts';

/**
 * Every event names, in `tenantDomainId`, the tenant domain whose stream it belongs to: the
 * `Child…` events go on the PARENT's stream (its registry of child names), the others on the
 * domain's own stream. `tenantDomainStreamIdOf` reads it back for the command side.
 */
export const tenantDomainEventSchemas = {
  TenantDomainCreated: v1(
    z.object({
      tenantDomainId: entityId,
      name: z.string(),
      parentId: entityId.nullable(),
      path: z.string(),
      createdAt: timestamp,
    }),
  ),
  ChildDomainAdded: v1(z.object({ tenantDomainId: entityId, childId: entityId, name: z.string() })),
  TenantDomainRenamed: v1(
    z.object({
      tenantDomainId: entityId,
      parentId: entityId,
      name: z.string(),
      previousName: z.string(),
      path: z.string(),
      renamedAt: timestamp,
    }),
  ),
  ChildDomainRenamed: v1(
    z.object({ tenantDomainId: entityId, childId: entityId, name: z.string(), previousName: z.string() }),
  ),
  TenantDomainDeletionStarted: v1(
    z.object({
      tenantDomainId: entityId,
      path: z.string(),
      childIds: z.array(entityId),
      accountIds: z.array(entityId),
      startedAt: timestamp,
    }),
  ),
  TenantDomainDeleted: v1(
    z.object({
      tenantDomainId: entityId,
      parentId: entityId,
      name: z.string(),
      path: z.string(),
      deletedAt: timestamp,
    }),
  ),
  ChildDomainRemoved: v1(z.object({ tenantDomainId: entityId, childId: entityId, name: z.string() })),
  AccountNameReserved: v1(z.object({ tenantDomainId: entityId, accountId: entityId, name: z.string() })),
  AccountNameReleased: v1(z.object({ tenantDomainId: entityId, accountId: entityId, name: z.string() })),
  UsernameReserved: v1(z.object({ tenantDomainId: entityId, userId: entityId, username: z.string() })),
  UsernameReleased: v1(z.object({ tenantDomainId: entityId, userId: entityId, username: z.string() })),
};

export type TenantDomainEvent = EventsOf<typeof tenantDomainEventSchemas>;

/** The id of the tenant domain whose stream an event is appended to. */
export const tenantDomainStreamIdOf = (event: TenantDomainEvent): string => event.data.tenantDomainId;
