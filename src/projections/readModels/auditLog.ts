import type { RecordedEvent } from '../../adapters/eventstore/port.ts';
import { auditedEventTypes, auditFactsOf } from './auditNames.ts';
import { readModel, timeOf } from './support.ts';

/** Payload fields that never reach the audit log (the user events carry the hash and the encrypted secret). */
const secretFields = new Set(['passwordHash', 'encryptedSecret']);

type Payload = Readonly<Record<string, unknown>>;

const redacted = (data: Payload): Payload =>
  Object.fromEntries(Object.entries(data).filter(([key]) => !secretFields.has(key)));

const text = (value: unknown): string | null => (typeof value === 'string' && value.length ? value : null);

/** Ids the event mentions besides its resource (the VM of a volume attach, the host of a start, ...). */
const mentionedIds = (data: Payload, own: string): string[] => {
  const ids = new Set<string>();
  const collect = (object: Payload, depth: number) => {
    for (const [key, value] of Object.entries(object)) {
      if (key.endsWith('Id') && typeof value === 'string') ids.add(value);
      else if (key.endsWith('Ids') && Array.isArray(value)) {
        for (const v of value) if (typeof v === 'string') ids.add(v);
      } else if (depth < 1 && value && typeof value === 'object' && !Array.isArray(value))
        collect(value as Payload, depth + 1);
    }
  };
  collect(data, 0);
  ids.delete(own);
  return [...ids].sort();
};

/** CloudStack's level: ERROR for failures, WARN for what an operator should look at, INFO otherwise. */
export const levelOf = (type: string, data: Payload): 'INFO' | 'WARN' | 'ERROR' => {
  if (type.endsWith('Failed')) return 'ERROR';
  if (
    type === 'VmStoppedByHostFailure' ||
    type === 'VmPowerOffReported' ||
    type === 'QuotaReservationExpired'
  )
    return 'WARN';
  if (type === 'HostStatusChanged' && ['Down', 'Alert', 'Disconnected', 'Error'].includes(String(data.to)))
    return 'WARN';
  return 'INFO';
};

/** CloudStack's event state: a job is Scheduled, a requested or started step Started, anything else Completed. */
export const stateOf = (type: string): 'Scheduled' | 'Started' | 'Completed' => {
  if (type === 'JobSubmitted') return 'Scheduled';
  if (/(Requested|Started)$/.test(type)) return 'Started';
  return 'Completed';
};

/** "VmStartFailed" → "Vm start failed". */
const sentence = (type: string): string => {
  const words = type.split(/(?=[A-Z])/).map((w) => w.toLowerCase());
  return [words[0]![0]!.toUpperCase() + words[0]!.slice(1), ...words.slice(1)].join(' ');
};

export const describe = (type: string, resourceType: string, resourceId: string, data: Payload): string => {
  const label = text(data.name) ?? text(data.username) ?? resourceId;
  const why = text(data.reason) ?? text(data.errorText) ?? text(data.errorMessage);
  return `${sentence(type)}: ${resourceType} ${label}${why ? ` (${why})` : ''}`;
};

const streamTail = (stream: string) => stream.slice(stream.indexOf('-') + 1);

/** The audit row of one event; exported for the history timeline and its tests. */
export const auditRowOf = (event: RecordedEvent) => {
  const data = (event.data ?? {}) as Payload;
  const facts = auditFactsOf(event.type, data);
  const resourceType = facts?.resourceType ?? event.stream.slice(0, event.stream.indexOf('-'));
  const resourceId = facts?.resourceId ?? streamTail(event.stream);
  const actor = event.metadata.actor ?? {};
  return {
    type: facts?.name ?? event.type,
    event_type: event.type,
    level: levelOf(event.type, data),
    state: stateOf(event.type),
    description: describe(event.type, resourceType, resourceId, data),
    resource_type: resourceType,
    resource_id: resourceId,
    resource_name: text(data.name) ?? text(data.username),
    related_ids: mentionedIds(data, resourceId),
    user_id: actor.userId ?? null,
    account_id:
      text(data.accountId) ??
      text(data.ownerAccountId) ??
      (data.scope === 'account' ? text(data.ownerId) : null) ??
      actor.accountId ??
      null,
    tenant_domain_id:
      text(data.tenantDomainId) ??
      (data.scope === 'domain' ? text(data.ownerId) : null) ??
      actor.tenantDomainId ??
      null,
    stream: event.stream,
    revision: Number(event.revision),
    correlation_id: event.metadata.correlationId ?? null,
    causation_id: event.metadata.causationId ?? null,
    request_id: event.metadata.requestId ?? null,
    data: redacted(data),
    created_at: timeOf(event),
  };
};

/**
 * The audit log: one row per event of every aggregate, keyed by the event id, with CloudStack's
 * event type name, level and state, who acted (user) and whose resource it is (account, domain),
 * the resource and the other resources the event mentions, and a description.
 */
export const auditLog = readModel({
  name: 'audit_log',
  version: 1,
  eventTypes: auditedEventTypes,
  columns: `type text NOT NULL, event_type text NOT NULL, level text NOT NULL, state text NOT NULL,
    description text NOT NULL, resource_type text NOT NULL, resource_id text NOT NULL, resource_name text,
    related_ids text[] NOT NULL, user_id text, account_id text, tenant_domain_id text, stream text NOT NULL,
    revision bigint NOT NULL, correlation_id text, causation_id text, request_id text, data jsonb NOT NULL,
    created_at timestamptz NOT NULL`,
  indexes: [
    '(resource_id, position)',
    '(account_id, created_at)',
    '(tenant_domain_id, created_at)',
    '(type, created_at)',
    '(created_at, id)',
    '(level, created_at)',
    'USING gin (related_ids)',
  ],
  rowsOf: (event) => [event.id],
  // An event is recorded once: a row that exists already is this very event.
  evolve: (row, event) => row ?? auditRowOf(event),
});
