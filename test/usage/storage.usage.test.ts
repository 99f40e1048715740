import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type UsageRecord, UsageType, usageRecords } from '../../src/domain/usage/index.ts';
import {
  DAY,
  GIB,
  meter,
  type SnapshotFacts,
  snapshotEvents,
  type Timed,
  type VolumeFacts,
  volumeEvents,
} from './fixtures.ts';

const T0 = Date.UTC(2025, 9, 24, 7, 0); // the end of October: Europe's fall-back change and a month end

/** size × time in byte-ms, exactly (BigInt: sizes of TiB times months of ms pass 2^53). */
const byteMs = (records: readonly UsageRecord[], type: number) =>
  records
    .filter((r) => r.usageType === type)
    .reduce((s, r) => s + BigInt(r.sizeBytes ?? 0) * BigInt(r.durationMs), 0n);

const overlap = (start: number, end: number | null, from: number, to: number, now: number) =>
  Math.max(0, Math.min(end ?? now, to, now) - Math.max(start, from));

type Piece = { start: number; end: number | null; size: number };

const volumeHistory = (steps: readonly { choice: number; size: number; gap: number }[]) => {
  let f: VolumeFacts = { volumeId: 'vol-1', sizeBytes: 10 * GIB, diskOfferingId: 'd-small' };
  let t = T0;
  const timed: Timed[] = [{ event: volumeEvents.allocated(f, t), at: t }];
  const pieces: Piece[] = [{ start: t, end: null, size: f.sizeBytes }];
  let state: 'Active' | 'Destroyed' | 'Expunged' = 'Active';
  const closeLast = () => {
    const p = pieces.at(-1);
    if (p && p.end === null) p.end = t;
  };
  for (const s of steps) {
    t += s.gap;
    const previous = f.sizeBytes;
    const moves = {
      Active: ['resize', 'resizeCompleted', 'attach', 'destroy'],
      Destroyed: ['recover', 'expunge'],
      Expunged: [],
    }[state];
    if (!moves.length) break;
    const move = moves[s.choice % moves.length]!;
    switch (move) {
      case 'resize':
      case 'resizeCompleted':
        f = {
          ...f,
          sizeBytes: s.size * GIB,
          diskOfferingId: move === 'resize' ? f.diskOfferingId : `d-${s.size}`,
        };
        timed.push({
          event: volumeEvents[move === 'resize' ? 'resized' : 'resizeCompleted'](f, previous),
          at: t,
        });
        closeLast();
        pieces.push({ start: t, end: null, size: f.sizeBytes });
        break;
      case 'attach':
        timed.push({ event: volumeEvents.attached(f), at: t });
        break;
      case 'destroy':
        timed.push({ event: volumeEvents.destroyed(f, t), at: t });
        closeLast();
        state = 'Destroyed';
        break;
      case 'recover':
        timed.push({ event: volumeEvents.recovered(f), at: t });
        pieces.push({ start: t, end: null, size: f.sizeBytes });
        state = 'Active';
        break;
      case 'expunge':
        timed.push({ event: volumeEvents.expunged(f), at: t });
        state = 'Expunged';
        break;
    }
  }
  return { timed, pieces, last: t };
};

const window = fc.record({
  timeZone: fc.constantFrom('UTC', 'Europe/Paris', 'America/Los_Angeles', 'Asia/Kathmandu'),
  granularity: fc.constantFrom('hourly' as const, 'daily' as const),
  fromOffset: fc.integer({ min: -DAY, max: 10 * DAY }),
  length: fc.integer({ min: 1, max: 35 * DAY }),
  nowAfter: fc.integer({ min: 0, max: 3 * DAY }),
});

describe('VOLUME from random volume histories', () => {
  const step = fc.record({
    choice: fc.nat(),
    size: fc.integer({ min: 1, max: 4096 }),
    gap: fc.integer({ min: 1, max: 4 * DAY }),
  });

  it('GiB-hours are the integral of the size over the time the volume exists (not destroyed)', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), window, (steps, w) => {
        const h = volumeHistory(steps);
        const from = T0 + w.fromOffset;
        const win = { ...w, from, to: from + w.length, now: h.last + w.nowAfter };
        const expected = h.pieces.reduce(
          (s, p) => s + BigInt(p.size) * BigInt(overlap(p.start, p.end, win.from, win.to, win.now)),
          0n,
        );
        expect(byteMs(usageRecords(meter(h.timed), win), UsageType.VOLUME)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('a resize starts a new record with the new size and offering', () => {
    const f: VolumeFacts = { volumeId: 'v', sizeBytes: 10 * GIB, diskOfferingId: 'd1' };
    const g: VolumeFacts = { ...f, sizeBytes: 20 * GIB, diskOfferingId: 'd2' };
    const timed: Timed[] = [
      { event: volumeEvents.allocated(f, T0), at: T0 },
      { event: volumeEvents.resizeCompleted(g, f.sizeBytes), at: T0 + 3_600_000 },
    ];
    const records = usageRecords(meter(timed), {
      from: T0,
      to: T0 + 3 * 3_600_000,
      now: T0 + 3 * 3_600_000,
      timeZone: 'UTC',
      granularity: 'daily',
    });
    expect(records.map((r) => [r.offeringId, r.sizeBytes, r.rawUsage])).toEqual([
      ['d1', 10 * GIB, 1],
      ['d2', 20 * GIB, 2],
    ]);
    expect(records[0]!.description).toBe('Volume Id: v usage time (DiskOffering: d1)');
  });
});

describe('SNAPSHOT from random snapshot histories', () => {
  const history = fc.record({
    backupAfter: fc.integer({ min: 1, max: DAY }),
    copyAfter: fc.option(fc.integer({ min: 1, max: 5 * DAY })),
    destroyAfter: fc.option(fc.integer({ min: 1, max: 20 * DAY })),
    physical: fc.option(fc.integer({ min: 1, max: 500 })),
  });

  it('counts each zone copy from backup (or copy) to destroy, with its size on storage', () => {
    fc.assert(
      fc.property(history, window, (h, w) => {
        const f: SnapshotFacts = {
          snapshotId: 's1',
          volumeSizeBytes: 50 * GIB,
          physicalSizeBytes: h.physical && h.physical * GIB,
        };
        const tBackup = T0 + h.backupAfter;
        const tCopy = h.copyAfter === null ? null : tBackup + h.copyAfter;
        const tDestroy = h.destroyAfter === null ? null : Math.max(tBackup, tCopy ?? 0) + h.destroyAfter;
        const timed: Timed[] = [
          { event: snapshotEvents.allocated(f, T0), at: T0 },
          { event: snapshotEvents.backedUp(f), at: tBackup },
          ...(tCopy === null ? [] : [{ event: snapshotEvents.copied(f, 'zone-2'), at: tCopy }]),
          ...(tDestroy === null ? [] : [{ event: snapshotEvents.destroyed(f), at: tDestroy }]),
        ];
        const from = T0 + w.fromOffset;
        const win = { ...w, from, to: from + w.length, now: (tDestroy ?? tCopy ?? tBackup) + w.nowAfter };
        const records = usageRecords(meter(timed), win);
        const size = BigInt(f.physicalSizeBytes ?? f.volumeSizeBytes);
        const zoneMs = (zone: string) =>
          records.filter((r) => r.zoneId === zone).reduce((s, r) => s + r.durationMs, 0);
        expect(zoneMs('zone-1')).toBe(overlap(tBackup, tDestroy, win.from, win.to, win.now));
        expect(zoneMs('zone-2')).toBe(
          tCopy === null ? 0 : overlap(tCopy, tDestroy, win.from, win.to, win.now),
        );
        expect(byteMs(records, UsageType.SNAPSHOT)).toBe(size * BigInt(zoneMs('zone-1') + zoneMs('zone-2')));
        for (const r of records)
          expect(r).toMatchObject({ name: 'snap-s1', virtualSizeBytes: 50 * GIB, type: 'KVM' });
      }),
      { numRuns: 300 },
    );
  });
});
