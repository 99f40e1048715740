import { z } from 'zod';
import { storageTypes } from './offering.rules.ts';

/** zod pieces both offerings' event schemas are built from. */
export const idSchema = z.string().min(1);
export const positiveInt = z.number().int().positive();
export const tagsSchema = z.array(z.string().min(1));
export const storageTypeSchema = z.enum(storageTypes);

/** Name, display text and scope: set at creation, changeable by an update. */
export const commonOfferingFields = {
  offeringId: idSchema,
  name: z.string().min(1),
  displayText: z.string().min(1),
  storageType: storageTypeSchema,
  storageTags: tagsSchema,
  domainIds: z.array(idSchema),
  zoneIds: z.array(idSchema),
};

export const commonOfferingChanges = {
  name: z.string().min(1).optional(),
  displayText: z.string().min(1).optional(),
  storageTags: tagsSchema.optional(),
  domainIds: z.array(idSchema).optional(),
  zoneIds: z.array(idSchema).optional(),
};

export const offeringDeletedSchema = z.object({
  offeringId: idSchema,
  name: z.string().min(1),
  removedAt: z.string(),
});
