import { rules } from '../cells.ts';
import { farAway } from '../fixtures.ts';
import { type Context, type Entry, itemWith, listOf, on } from '../matrix.ts';

/**
 * Volumes, snapshots and snapshot policies: owned by an account. A volume is created for an account,
 * from a snapshot or with an offering restricted to a domain, and attached to a VM: each id is probed.
 */

const volumes = '/v1/volumes';
const volume =
  (suffix = '') =>
  (id: string) =>
    `${volumes}/${id}${suffix}`;
const snapshot =
  (suffix = '') =>
  (id: string) =>
    `/v1/snapshots/${id}${suffix}`;
const policies = '/v1/snapshot-policies';
const nothing = () => ({});
const template = () => ({ name: 'made-by-the-matrix', osType: 'Linux' });
const dataDisk = (x: Context, choice: Record<string, string>) => ({
  name: 'matrix-data',
  zoneId: x.w.tenant.zoneId,
  diskOfferingId: x.w.tenant.diskOfferingId,
  ...choice,
});

export const storageEntries: readonly Entry[] = [
  {
    route: 'POST /v1/volumes',
    probes: [
      on(
        'account',
        rules.owned,
        () => volumes,
        (t, x) => dataDisk(x, { accountId: t.id }),
      ),
      on(
        'snapshot',
        rules.owned,
        () => volumes,
        (t) => ({ name: 'from-snapshot', snapshotId: t.id }),
        {
          label: 'snapshotId',
        },
      ),
      on(
        'diskOffering',
        rules.usableByCaller,
        () => volumes,
        (t, x) => dataDisk(x, { diskOfferingId: t.id }),
        {
          label: 'diskOfferingId',
        },
      ),
    ],
  },
  { route: 'GET /v1/volumes', probes: [listOf('volume', rules.owned, volumes, itemWith())] },
  { route: 'GET /v1/volumes/:id', probes: [on('volume', rules.owned, volume())] },
  {
    route: 'POST /v1/volumes/:id/attach',
    probes: [
      on('volume', rules.owned, volume('/attach'), (t, x) => ({ vmId: x.f.shared('vm', t.owner) })),
      // The caller's own volume, to the VM of another.
      on(
        'vm',
        rules.owned,
        (_, x) => volume('/attach')(x.f.shared('volume', x.caller)),
        (t) => ({ vmId: t.id }),
        {
          label: 'vmId',
        },
      ),
    ],
  },
  { route: 'POST /v1/volumes/:id/detach', probes: [on('volume', rules.owned, volume('/detach'), nothing)] },
  {
    route: 'POST /v1/volumes/:id/resize',
    probes: [on('volume', rules.owned, volume('/resize'), () => ({ sizeGiB: 10 }))],
  },
  {
    route: 'DELETE /v1/volumes/:id',
    probes: [on('volume', rules.owned, volume(), undefined, { fresh: 'volume' })],
  },
  // A volume never attached is expunged at once when deleted: the shared one answers 409, authorized.
  { route: 'POST /v1/volumes/:id/recover', probes: [on('volume', rules.owned, volume('/recover'), nothing)] },
  {
    route: 'POST /v1/volumes/:id/snapshots',
    probes: [on('rootVolume', rules.owned, volume('/snapshots'), nothing)],
  },
  {
    route: 'POST /v1/volumes/:id/template',
    probes: [on('rootVolume', rules.owned, volume('/template'), template)],
  },
  { route: 'GET /v1/snapshots', probes: [listOf('snapshot', rules.owned, '/v1/snapshots', itemWith())] },
  { route: 'GET /v1/snapshots/:id', probes: [on('snapshot', rules.owned, snapshot())] },
  {
    route: 'DELETE /v1/snapshots/:id',
    probes: [on('snapshot', rules.owned, snapshot(), undefined, { fresh: 'snapshot' })],
  },
  {
    route: 'POST /v1/snapshots/:id/revert',
    probes: [on('snapshot', rules.owned, snapshot('/revert'), nothing)],
  },
  {
    route: 'POST /v1/snapshots/:id/template',
    probes: [on('snapshot', rules.owned, snapshot('/template'), template)],
  },
  {
    route: 'POST /v1/snapshot-policies',
    probes: [
      // The shared MONTHLY policy of the volume, replaced by the same one.
      on(
        'rootVolume',
        rules.owned,
        () => policies,
        (t) => ({
          volumeId: t.id,
          intervalType: 'MONTHLY',
          schedule: farAway.MONTHLY,
          timezone: 'UTC',
          maxSnaps: 2,
        }),
      ),
    ],
  },
  {
    route: 'GET /v1/snapshot-policies',
    probes: [
      listOf('policy', rules.owned, policies, itemWith()),
      on('rootVolume', rules.owned, (id) => `${policies}?volumeId=${id}`, undefined, { label: 'volumeId' }),
    ],
  },
  {
    route: 'PUT /v1/snapshot-policies/:id',
    probes: [
      on(
        'policy',
        rules.owned,
        (id) => `${policies}/${id}`,
        () => ({ maxSnaps: 2 }),
      ),
    ],
  },
  {
    route: 'DELETE /v1/snapshot-policies/:id',
    probes: [on('policy', rules.owned, (id) => `${policies}/${id}`, undefined, { fresh: 'policy' })],
  },
];
