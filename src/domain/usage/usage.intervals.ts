import type { UsageFacts, UsageMark, UsageResource } from './usage.meters.ts';
import type { MeteredUsageType } from './usageTypes.ts';

/** A mark at the instant of its event (the store's time, epoch ms), ordered by `seq` (its $all position) at equal times. */
export type StampedMark = UsageMark & { readonly at: number; readonly seq: string };

/** Time spent in a counted state with the same facts: [start, end), end null while still open. */
export type UsageInterval = {
  readonly usageType: MeteredUsageType;
  readonly resource: UsageResource;
  readonly slot: string;
  readonly start: number;
  readonly end: number | null;
  readonly facts: UsageFacts;
};

/** Marks in the order they happened: the store's time, then the log's order for equal times. */
export const compareMarks = (a: StampedMark, b: StampedMark): number =>
  a.at - b.at || (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0);

/**
 * Inserts a mark in time order (a late event lands where it belongs). The same mark again (a
 * redelivered event: same position, so the same time) is kept once; only marks at or after its time
 * are looked at, so the usual in-order append costs nothing.
 */
export const insertMark = (marks: readonly StampedMark[], m: StampedMark): StampedMark[] => {
  let i = marks.length;
  for (let j = marks.length - 1; j >= 0 && marks[j]!.at >= m.at; j--) {
    const x = marks[j]!;
    if (x.seq === m.seq && x.slot === m.slot && x.effect === m.effect) return [...marks];
    const order = compareMarks(x, m);
    if (order < 0) break;
    if (order > 0) i = j;
  }
  if (i === marks.length) return [...marks, m];
  return [...marks.slice(0, i), m, ...marks.slice(i)];
};

const factKeys = [
  'accountId',
  'tenantDomainId',
  'zoneId',
  'name',
  'offeringId',
  'templateId',
  'hypervisor',
  'cpuNumber',
  'cpuSpeedMhz',
  'memoryMiB',
  'sizeBytes',
  'virtualSizeBytes',
] as const satisfies readonly (keyof UsageFacts)[];

const complete = (f: Partial<UsageFacts>): UsageFacts => ({
  accountId: f.accountId ?? '',
  tenantDomainId: f.tenantDomainId ?? '',
  zoneId: f.zoneId ?? '',
  name: f.name ?? null,
  offeringId: f.offeringId ?? null,
  templateId: f.templateId ?? null,
  hypervisor: f.hypervisor ?? null,
  cpuNumber: f.cpuNumber ?? null,
  cpuSpeedMhz: f.cpuSpeedMhz ?? null,
  memoryMiB: f.memoryMiB ?? null,
  sizeBytes: f.sizeBytes ?? null,
  virtualSizeBytes: f.virtualSizeBytes ?? null,
});

/** Facts that put two intervals in separate records: all but the name (a rename is not a new record). */
const sameRecordKey = (a: UsageFacts, b: UsageFacts): boolean =>
  factKeys.every((k) => k === 'name' || a[k] === b[k]);

/**
 * Replays a resource's marks (in time order) into its usage intervals. Facts accumulate: a mark
 * carries only what its event knows, the rest comes from earlier marks of the same usage type.
 * Zero-length intervals (opened and closed at one instant) count nothing and are dropped.
 */
export const intervalsOf = (resource: UsageResource, marks: readonly StampedMark[]): UsageInterval[] => {
  const typeFacts = new Map<number, Partial<UsageFacts>>();
  const slotFacts = new Map<string, Partial<UsageFacts>>();
  const open = new Map<string, { usageType: MeteredUsageType; start: number; facts: UsageFacts }>();
  const out: UsageInterval[] = [];

  const end = (slot: string, at: number) => {
    const o = open.get(slot);
    if (!o) return;
    open.delete(slot);
    if (at > o.start)
      out.push({ usageType: o.usageType, resource, slot, start: o.start, end: at, facts: o.facts });
  };

  for (const m of marks) {
    const base = `${m.usageType}`;
    if (m.slot === base) typeFacts.set(m.usageType, { ...typeFacts.get(m.usageType), ...m.facts });
    else slotFacts.set(m.slot, { ...slotFacts.get(m.slot), ...m.facts });
    const current = open.get(m.slot);
    switch (m.effect) {
      case 'note':
        break;
      case 'close':
        end(m.slot, m.at);
        break;
      case 'closeAll':
        for (const [slot, o] of [...open]) if (o.usageType === m.usageType) end(slot, m.at);
        break;
      case 'open':
      case 'rekey': {
        const facts = complete({ ...typeFacts.get(m.usageType), ...slotFacts.get(m.slot) });
        if (current && sameRecordKey(current.facts, facts)) break;
        if (!current && m.effect === 'rekey') break;
        end(m.slot, m.at);
        open.set(m.slot, { usageType: m.usageType, start: m.at, facts });
        break;
      }
    }
  }
  for (const [slot, o] of open)
    out.push({ usageType: o.usageType, resource, slot, start: o.start, end: null, facts: o.facts });
  return out.sort((a, b) => a.start - b.start || (a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : 0));
};
