import { z } from 'zod';
import { type EventsOf, v1 } from '../../shared/index.ts';
import { entityId, timestamp } from '../names.ts';

/** No event carries a clear password or a clear API secret: only the hash and the encrypted secret. */
const owner = { userId: entityId, accountId: entityId, tenantDomainId: entityId };
const profile = { username: z.string(), firstname: z.string(), lastname: z.string(), email: z.string() };

export const userEventSchemas = {
  UserCreated: v1(
    z.object({
      ...owner,
      ...profile,
      passwordHash: z.string(),
      bootstrap: z.boolean(),
      createdAt: timestamp,
    }),
  ),
  UserUpdated: v1(z.object({ ...owner, ...profile, updatedAt: timestamp })),
  UserPasswordChanged: v1(z.object({ ...owner, passwordHash: z.string(), changedAt: timestamp })),
  UserKeysRegistered: v1(
    z.object({
      ...owner,
      apiKey: z.string(),
      encryptedSecret: z.string(),
      previousApiKey: z.string().nullable(),
      registeredAt: timestamp,
    }),
  ),
  UserDisabled: v1(z.object({ ...owner, disabledAt: timestamp })),
  UserLocked: v1(z.object({ ...owner, lockedAt: timestamp })),
  UserEnabled: v1(z.object({ ...owner, enabledAt: timestamp })),
  UserDeleted: v1(z.object({ ...owner, username: z.string(), deletedAt: timestamp })),
};

export type UserEvent = EventsOf<typeof userEventSchemas>;
