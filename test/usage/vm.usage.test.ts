import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Granularity, UsageType, usageRecords } from '../../src/domain/usage/index.ts';
import { DAY, HOUR, meter, type Timed, type VmFacts, vmEvents } from './fixtures.ts';

/**
 * Random VM lifecycles (only moves the VM state machine allows), metered as the projection does,
 * checked against a plain model of when the VM was Running and allocated.
 */
const offerings: readonly Omit<VmFacts, 'vmId'>[] = [
  { offering: 'small', size: { cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 1024 }, templateId: 't1' },
  { offering: 'medium', size: { cpuNumber: 2, cpuSpeedMhz: 2000, memoryMiB: 4096 }, templateId: 't1' },
  { offering: 'large', size: { cpuNumber: 8, cpuSpeedMhz: 2400, memoryMiB: 16384 }, templateId: 't2' },
];

type Segment = { start: number; end: number | null; offering: string };
type History = { timed: Timed[]; running: Segment[]; allocated: Segment[]; last: number };

const T0 = Date.UTC(2025, 2, 27, 13, 17); // spans Europe's and America's DST changes and a month end

const step = fc.record({
  choice: fc.nat(),
  offering: fc.nat({ max: 2 }),
  gap: fc.integer({ min: 1, max: 3 * DAY }),
});

const historyOf = (steps: readonly { choice: number; offering: number; gap: number }[]): History => {
  let facts: VmFacts = { vmId: 'vm-1', ...offerings[0]! };
  let t = T0;
  const timed: Timed[] = [{ event: vmEvents.created(facts, t), at: t }];
  const running: Segment[] = [];
  const allocated: Segment[] = [{ start: t, end: null, offering: facts.offering }];
  let state: 'Stopped' | 'Running' | 'Destroyed' = 'Stopped';
  const close = (segs: Segment[]) => {
    const s = segs.at(-1);
    if (s && s.end === null) s.end = t;
  };
  const rekey = (segs: Segment[]) => {
    if (segs.at(-1)?.end === null) {
      close(segs);
      segs.push({ start: t, end: null, offering: facts.offering });
    }
  };
  for (const s of steps) {
    t += s.gap;
    const previous = facts;
    const moves = {
      Stopped: ['start', 'powerOn', 'changeOffering', 'restore', 'destroy'],
      Running: ['stop', 'powerOff', 'hostFailure', 'scale', 'restore'],
      Destroyed: ['recover'],
    }[state];
    const move = moves[s.choice % moves.length]!;
    const emit = (e: ReturnType<typeof vmEvents.started>) => timed.push({ event: e, at: t });
    switch (move) {
      case 'start':
      case 'powerOn':
        emit(move === 'start' ? vmEvents.started(facts) : vmEvents.powerOn(facts));
        running.push({ start: t, end: null, offering: facts.offering });
        state = 'Running';
        break;
      case 'stop':
      case 'powerOff':
      case 'hostFailure':
        emit(
          { stop: vmEvents.stopped, powerOff: vmEvents.powerOff, hostFailure: vmEvents.hostFailure }[move](
            facts,
          ),
        );
        close(running);
        state = 'Stopped';
        break;
      case 'changeOffering':
      case 'scale':
        facts = { ...facts, ...offerings[s.offering]!, templateId: facts.templateId };
        emit(move === 'scale' ? vmEvents.scaled(facts, previous) : vmEvents.offeringChanged(facts, previous));
        if (previous.offering !== facts.offering) {
          if (move === 'scale') rekey(running);
          rekey(allocated);
        }
        break;
      case 'restore':
        facts = { ...facts, templateId: facts.templateId === 't1' ? 't2' : 't1' };
        emit(vmEvents.restored(facts, previous));
        rekey(running);
        rekey(allocated);
        break;
      case 'destroy':
        emit(vmEvents.destroyed(facts));
        close(allocated);
        state = 'Destroyed';
        break;
      case 'recover':
        emit(vmEvents.recovered(facts));
        allocated.push({ start: t, end: null, offering: facts.offering });
        state = 'Stopped';
        break;
    }
  }
  return { timed, running, allocated, last: t };
};

/** Time of segments inside [from, to), open ones counted up to now. */
const expected = (segs: readonly Segment[], from: number, to: number, now: number, offering?: string) =>
  segs
    .filter((s) => offering === undefined || s.offering === offering)
    .reduce((sum, s) => sum + Math.max(0, Math.min(s.end ?? now, to, now) - Math.max(s.start, from)), 0);

const zones = [
  'UTC',
  'Europe/Paris',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'America/Santiago',
];

const scenario = fc.record({
  steps: fc.array(step, { maxLength: 40 }),
  timeZone: fc.constantFrom(...zones),
  granularity: fc.constantFrom<Granularity>('hourly', 'daily', 'monthly'),
  fromOffset: fc.integer({ min: -2 * DAY, max: 20 * DAY }),
  length: fc.integer({ min: 1, max: 40 * DAY }),
  nowAfter: fc.integer({ min: 0, max: 5 * DAY }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

const recordsOf = (h: History, sc: Scenario) => {
  const from = T0 + sc.fromOffset;
  const window = {
    from,
    to: from + sc.length,
    now: h.last + sc.nowAfter,
    timeZone: sc.timeZone,
    granularity: sc.granularity,
  };
  return { window, records: usageRecords(meter(h.timed), window) };
};

const total = (records: ReturnType<typeof usageRecords>, type: number, offering?: string) =>
  records
    .filter((r) => r.usageType === type && (offering === undefined || r.offeringId === offering))
    .reduce((s, r) => s + r.durationMs, 0);

describe('RUNNING_VM and ALLOCATED_VM from random VM histories', () => {
  it('RUNNING_VM time equals the sum of the Running intervals, per offering', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const h = historyOf(sc.steps);
        const { window: w, records } = recordsOf(h, sc);
        expect(total(records, UsageType.RUNNING_VM)).toBe(expected(h.running, w.from, w.to, w.now));
        for (const o of offerings)
          expect(total(records, UsageType.RUNNING_VM, o.offering)).toBe(
            expected(h.running, w.from, w.to, w.now, o.offering),
          );
      }),
      { numRuns: 300 },
    );
  });

  it('ALLOCATED_VM time runs from creation to destroy (and from recover on)', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const h = historyOf(sc.steps);
        const { window: w, records } = recordsOf(h, sc);
        expect(total(records, UsageType.ALLOCATED_VM)).toBe(expected(h.allocated, w.from, w.to, w.now));
      }),
      { numRuns: 300 },
    );
  });

  it('every record lies in one aggregation period of the window, and raw usage is its time in hours', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const h = historyOf(sc.steps);
        const { window: w, records } = recordsOf(h, sc);
        for (const r of records) {
          expect(r.periodStart).toBeGreaterThanOrEqual(w.from);
          expect(r.periodEnd).toBeLessThanOrEqual(w.to);
          expect(r.durationMs).toBeGreaterThan(0);
          expect(r.durationMs).toBeLessThanOrEqual(r.periodEnd - r.periodStart);
          expect(r.rawUsage).toBeCloseTo(r.durationMs / HOUR, 9);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('totals do not depend on the time zone or the granularity', () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom(...zones), (sc, otherZone) => {
        const h = historyOf(sc.steps);
        const a = recordsOf(h, sc).records;
        const b = recordsOf(h, { ...sc, timeZone: otherZone, granularity: 'hourly' }).records;
        for (const type of [UsageType.RUNNING_VM, UsageType.ALLOCATED_VM])
          expect(total(b, type)).toBe(total(a, type));
      }),
      { numRuns: 100 },
    );
  });

  it('late events: applying the events in any order gives the same intervals', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 30 }).chain((steps) => {
          const h = historyOf(steps);
          return fc.tuple(
            fc.constant(h),
            fc.shuffledSubarray([...h.timed.keys()], { minLength: h.timed.length }),
          );
        }),
        ([h, order]) => {
          expect(meter(h.timed, order)).toEqual(meter(h.timed));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a VM over known times', () => {
  const f: VmFacts = { vmId: 'vm-9', ...offerings[1]! };
  const at = (iso: string) => Date.parse(iso);
  const timed: Timed[] = [
    { event: vmEvents.created(f, at('2025-03-29T20:00:00Z')), at: at('2025-03-29T20:00:00Z') },
    { event: vmEvents.started(f), at: at('2025-03-29T22:30:00Z') },
    { event: vmEvents.stopped(f), at: at('2025-03-31T01:00:00Z') },
  ];
  const window = (granularity: Granularity, timeZone: string) => ({
    from: at('2025-03-28T23:00:00Z'),
    to: at('2025-04-01T00:00:00Z'),
    now: at('2025-04-02T00:00:00Z'),
    timeZone,
    granularity,
  });

  it('cuts RUNNING_VM at local midnights, with the 23-hour day of the spring-forward change', () => {
    const running = usageRecords(meter(timed), window('daily', 'Europe/Paris')).filter(
      (r) => r.usageType === 1,
    );
    expect(running.map((r) => [r.startDate, r.rawUsage])).toEqual([
      ['2025-03-29T00:00:00+01:00', 0.5],
      ['2025-03-30T00:00:00+01:00', 23],
      ['2025-03-31T00:00:00+02:00', 3],
    ]);
    expect(running[0]).toMatchObject({
      usage: '0.5 Hrs',
      offeringId: 'medium',
      cpuNumber: 2,
      memoryMiB: 4096,
      type: 'KVM',
    });
  });

  it('counts an open interval up to now, marked accruing', () => {
    const [rec] = usageRecords(meter(timed.slice(0, 2)), {
      ...window('daily', 'UTC'),
      now: at('2025-03-30T06:00:00Z'),
    }).filter((r) => r.usageType === 1 && r.startDate.startsWith('2025-03-30'));
    expect(rec).toMatchObject({ durationMs: 6 * HOUR, accruing: true });
  });

  it('refuses an unknown time zone', () => {
    expect(() => usageRecords(meter(timed), window('daily', 'Mars/Olympus'))).toThrow(
      /not an IANA time zone/,
    );
  });
});

describe('marks', () => {
  it('a redelivered event adds none of its marks again', () => {
    const f: VmFacts = { vmId: 'vm-r', ...offerings[0]! };
    const timed: Timed[] = [
      { event: vmEvents.created(f, T0), at: T0 },
      { event: vmEvents.started(f), at: T0 + HOUR },
      { event: vmEvents.restored({ ...f, templateId: 't2' }, f), at: T0 + 2 * HOUR },
    ];
    expect(meter(timed, [0, 1, 2, 2, 1, 2])).toEqual(meter(timed));
  });
});
