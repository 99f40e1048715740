import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decider,
  type ImageCommand,
  type ImageEvent,
  type ImageState,
} from '../../../src/domain/image/index.ts';
import { DomainError, fold } from '../../../src/domain/shared/index.ts';
import {
  admin,
  expectSchemaValid,
  imageId,
  otherAccount,
  registerIso,
  registerTemplate,
  user,
  zoneA,
  zoneB,
  zoneC,
} from './fixtures.ts';

const zone = fc.constantFrom(zoneA, zoneB, zoneC);
const zones = fc.subarray([zoneA, zoneB, zoneC], { minLength: 1 });
const kind = fc.constantFrom('TEMPLATE' as const, 'ISO' as const);
const caller = fc.constantFrom(user, admin, { accountId: otherAccount, isAdmin: false });

const registration: fc.Arbitrary<ImageCommand> = fc.oneof(
  fc.record({ zoneIds: zones, crossZones: fc.boolean(), caller }).map((o) => registerTemplate(o)),
  fc.record({ zoneIds: zones, bootable: fc.boolean() }).map((o) => registerIso(o)),
);

const download = fc
  .record({
    zoneId: zone,
    report: fc.oneof(
      fc
        .integer({ min: 0, max: 100 })
        .map((downloadPercent) => ({ status: 'DOWNLOAD_IN_PROGRESS' as const, downloadPercent })),
      fc.constant({ status: 'DOWNLOADED' as const, sizeBytes: 4096, physicalSizeBytes: 1024 }),
      fc.constant({ status: 'DOWNLOAD_ERROR' as const, errorMessage: 'timeout' }),
    ),
  })
  .map((data) => ({ type: 'RecordTemplateDownload' as const, data: { imageId, ...data } }));

const command: fc.Arbitrary<ImageCommand> = fc.oneof(
  registration,
  { arbitrary: download, weight: 4 },
  fc
    .record({ kind, sourceZoneId: zone, destinationZoneIds: zones })
    .map((data) => ({ type: 'CopyTemplate' as const, data: { imageId, ...data } })),
  fc
    .record({
      kind,
      zoneId: fc.option(zone, { nil: undefined }),
      forced: fc.boolean(),
      inUseByVms: fc.boolean(),
    })
    .map((data) => ({
      type: 'DeleteTemplate' as const,
      data: { imageId, now: '2026-03-09T00:00:00Z', ...data },
    })),
  fc
    .record({ kind, name: fc.constantFrom('A', 'B') })
    .map((data) => ({ type: 'UpdateTemplate' as const, data: { imageId, ...data } })),
  fc
    .record({
      kind,
      caller,
      isPublic: fc.boolean(),
      isFeatured: fc.boolean(),
      allowPublicUserTemplates: fc.boolean(),
    })
    .map((data) => ({ type: 'UpdateTemplatePermissions' as const, data: { imageId, ...data } })),
);

/** Mostly sequences that start with a valid registration, so the later commands have an image to act on. */
const validRegistration = fc.oneof(
  fc
    .record({ zoneIds: zones, crossZones: fc.boolean() })
    .map((o) => registerTemplate({ ...o, caller: admin })),
  zones.map((zoneIds) => registerIso({ zoneIds })),
);
const scenario = fc.oneof(
  {
    arbitrary: fc
      .tuple(validRegistration, fc.array(command, { minLength: 5, maxLength: 30, size: 'max' }))
      .map(([r, cs]) => [r, ...cs]),
    weight: 4,
  },
  { arbitrary: fc.array(command, { maxLength: 25 }), weight: 1 },
);

/** Runs the commands as the command side would: refused ones leave no trace. */
const run = (commands: readonly ImageCommand[]) => {
  const history: ImageEvent[] = [];
  let state: ImageState = decider.initialState();
  for (const c of commands) {
    let events: readonly ImageEvent[] = [];
    try {
      events = decider.decide(c, state);
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
    }
    history.push(...events);
    state = events.reduce(decider.evolve, state);
  }
  return { history, state };
};

describe('image aggregate properties', () => {
  it('any command sequence keeps the zone copies consistent and every event valid', () => {
    fc.assert(
      fc.property(scenario, (commands) => {
        const { history, state } = run(commands);
        expectSchemaValid(history);
        expect(fold(decider, history)).toEqual(state);
        // A JSON round trip of the log (as any event store does) replays to the same state.
        expect(fold(decider, JSON.parse(JSON.stringify(history)))).toEqual(state);
        if (state.status === 'None') return;
        const copies = Object.values(state.zones);
        for (const copy of copies) expect(copy.ready).toBe(copy.status === 'DOWNLOADED');
        expect(copies.length > 0).toBe(state.status === 'Active');
      }),
      { numRuns: 300 },
    );
  });

  it('a usage meter built from the events starts each zone once and stops only what it started', () => {
    fc.assert(
      fc.property(scenario, (commands) => {
        const metering = new Set<string>();
        for (const event of run(commands).history) {
          if (event.type === 'ImageZoneDownloaded') {
            expect(metering.has(event.data.zoneId)).toBe(false);
            metering.add(event.data.zoneId);
          }
          if (event.type === 'ImageZoneCopyDeleted') {
            expect(metering.has(event.data.zoneId)).toBe(event.data.downloadStatus === 'DOWNLOADED');
            metering.delete(event.data.zoneId);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
