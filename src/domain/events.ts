import { clusterEventSchemas } from './cluster/index.ts';
import { hostEventSchemas } from './host/index.ts';
import { imageEventSchemas } from './image/index.ts';
import { imageStoreEventSchemas } from './imageStore/index.ts';
import { jobEventSchemas } from './job/index.ts';
import { quotaEventSchemas } from './limits/quota/index.ts';
import { diskOfferingEventSchemas } from './offering/disk/index.ts';
import { serviceOfferingEventSchemas } from './offering/service/index.ts';
import { podEventSchemas } from './pod/index.ts';
import { DomainError, type Event, type EventSchema } from './shared/index.ts';
import { snapshotEventSchemas } from './snapshot/index.ts';
import { snapshotPolicyEventSchemas } from './snapshotPolicy/index.ts';
import { storagePoolEventSchemas } from './storagePool/index.ts';
import { accountEventSchemas } from './tenancy/account/index.ts';
import { tenantDomainEventSchemas } from './tenancy/tenantDomain/index.ts';
import { userEventSchemas } from './tenancy/user/index.ts';
import { creditEventSchemas } from './usage/credit/index.ts';
import { tariffEventSchemas } from './usage/tariff/index.ts';
import { vmEventSchemas } from './vm/index.ts';
import { volumeEventSchemas } from './volume/index.ts';
import { zoneEventSchemas } from './zone/index.ts';

/** Every aggregate's event schemas, by aggregate: event type names are unique across all of them. */
export const eventSchemasByAggregate = {
  zone: zoneEventSchemas,
  pod: podEventSchemas,
  cluster: clusterEventSchemas,
  host: hostEventSchemas,
  storagePool: storagePoolEventSchemas,
  imageStore: imageStoreEventSchemas,
  tenantDomain: tenantDomainEventSchemas,
  account: accountEventSchemas,
  user: userEventSchemas,
  quota: quotaEventSchemas,
  serviceOffering: serviceOfferingEventSchemas,
  diskOffering: diskOfferingEventSchemas,
  image: imageEventSchemas,
  vm: vmEventSchemas,
  volume: volumeEventSchemas,
  snapshot: snapshotEventSchemas,
  snapshotPolicy: snapshotPolicyEventSchemas,
  job: jobEventSchemas,
  tariff: tariffEventSchemas,
  usageCredit: creditEventSchemas,
} as const;

export const eventSchemas: Readonly<Record<string, EventSchema>> = Object.assign(
  {},
  ...Object.values(eventSchemasByAggregate),
);

/**
 * Validates an event's payload against its schema before it is written and names the schema
 * version it was written with. A payload that fails is a bug in a decider, never user input.
 */
export const encodeEvent = (event: Event): { data: unknown; schemaVersion: number } => {
  const schema = eventSchemas[event.type];
  if (!schema)
    throw new DomainError('invalid', 'EVENT_TYPE_UNKNOWN', `no schema for event type ${event.type}`);
  const parsed = schema.schema.safeParse(event.data);
  if (!parsed.success)
    throw new DomainError('invalid', 'EVENT_PAYLOAD_INVALID', `${event.type} does not match its schema`, {
      issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  return { data: parsed.data, schemaVersion: schema.version };
};
