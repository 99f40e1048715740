import { z } from 'zod';
import { type EventsOf, v1 } from '../../shared/index.ts';
import { entityId, timestamp } from '../names.ts';
import { accountTypeNames } from '../roles.ts';

const owner = { accountId: entityId, tenantDomainId: entityId };

export const accountTypeSchema = z.enum(accountTypeNames);

export const accountEventSchemas = {
  AccountCreated: v1(
    z.object({
      ...owner,
      name: z.string(),
      type: accountTypeSchema,
      roleId: entityId,
      bootstrap: z.boolean(),
      createdAt: timestamp,
    }),
  ),
  AccountUpdated: v1(
    z.object({
      ...owner,
      name: z.string(),
      previousName: z.string(),
      roleId: entityId,
      updatedAt: timestamp,
    }),
  ),
  AccountDisabled: v1(z.object({ ...owner, disabledAt: timestamp })),
  AccountLocked: v1(z.object({ ...owner, lockedAt: timestamp })),
  AccountEnabled: v1(z.object({ ...owner, enabledAt: timestamp })),
  AccountDeleted: v1(z.object({ ...owner, name: z.string(), deletedAt: timestamp })),
};

export type AccountEvent = EventsOf<typeof accountEventSchemas>;
