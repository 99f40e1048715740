import type { Party } from './cells.ts';
import { spares } from './spares.ts';
import type { MatrixWorld } from './world.ts';

/**
 * The resources the matrix names. Each party owns one of every kind (its VM, volume, snapshot,
 * policy, private template, an offering restricted to its domain…), shared by the cells that only
 * read it or change it harmlessly. A destructive cell that is allowed (delete, expunge, lock…) gets a
 * fresh resource of its own, so no cell depends on another's effects. Infrastructure has no owner:
 * the world's zone, pod, cluster, host, pool and image store, and spares for the root admin to
 * disable or delete.
 */

export type OwnedKind =
  | 'account'
  | 'user'
  | 'domain'
  | 'vm'
  | 'destroyedVm'
  | 'job'
  | 'volume'
  | 'rootVolume'
  | 'snapshot'
  | 'policy'
  | 'template'
  | 'serviceOffering'
  | 'diskOffering';
const ownerlessKinds = ['zone', 'pod', 'cluster', 'host', 'storagePool', 'imageStore', 'tariff'] as const;
export type OwnerlessKind = (typeof ownerlessKinds)[number];
export type Kind = OwnedKind | OwnerlessKind;

export const isOwned = (kind: Kind | undefined): boolean =>
  kind !== undefined && !(ownerlessKinds as readonly Kind[]).includes(kind);

/** A time the snapshot policies never fire at while the suite runs: half a day away. */
export const farAway = (() => {
  const now = new Date();
  const hour = (now.getUTCHours() + 12) % 24;
  return {
    MONTHLY: `15:${hour}:${((now.getUTCDate() + 10) % 28) + 1}`,
    WEEKLY: `15:${hour}:${((now.getUTCDay() + 3) % 7) + 1}`,
    DAILY: `15:${hour}`,
  };
})();
export type Interval = keyof typeof farAway;

export type Fixtures = {
  /** The shared resource of a kind (owned by `owner`, for owned kinds). */
  shared(kind: Kind, owner?: Party): string;
  /** A new resource of a kind, for one destructive cell. */
  fresh(kind: Kind, owner?: Party): Promise<string>;
  /** Creates the shared resources. */
  setUp(): Promise<void>;
  /** Resolves once no job is pending and every read model has caught up with the log. */
  quiet(): Promise<void>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** At most `n` calls at once: the read models a create reads back from must keep up with the writes. */
const limited = <A extends unknown[], R>(n: number, call: (...args: A) => Promise<R>) => {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (...args: A): Promise<R> => {
    if (running < n) running++;
    else await new Promise<void>((r) => waiting.push(r));
    try {
      return await call(...args);
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
};

export const createFixtures = (w: MatrixWorld): Fixtures => {
  const { server, tenant, party } = w;
  const admin = limited(4, w.admin);
  const store = new Map<string, string>();
  const key = (kind: Kind, owner?: Party) => `${kind}:${owner ?? '-'}`;
  let serial = 0;
  const unique = (prefix: string) => `${prefix}-${++serial}`;

  const jobDone = async (jobId: string) => {
    for (;;) {
      const { state } = await server.app.bus.load('job', jobId);
      if (state && state.status !== 'pending') {
        if (state.status !== 'succeeded') throw new Error(`job ${jobId} ended ${JSON.stringify(state)}`);
        return;
      }
      await sleep(50);
    }
  };
  const quiet = async () => {
    for (;;) {
      const head = await server.app.store.headPosition();
      await server.settle(head);
      const { rows } = await server.db.pool.query(
        "SELECT count(*)::int AS n FROM jobs WHERE state = 'pending'",
      );
      if (rows[0].n === 0 && (await server.app.store.headPosition()) === head) return;
      await sleep(100);
    }
  };

  const deploy = async (owner: Party, startVm: boolean) => {
    const vm = await admin(202, 'POST', '/v1/vms', {
      zoneId: tenant.zoneId,
      serviceOfferingId: tenant.offeringId,
      templateId: tenant.templateId,
      accountId: party[owner].accountId,
      name: unique(owner.toLowerCase()),
      startVm,
    });
    await jobDone(vm.jobId);
    return vm as { id: string; jobId: string };
  };
  const volume = async (owner: Party) =>
    (
      await admin(201, 'POST', '/v1/volumes', {
        name: unique('data'),
        zoneId: tenant.zoneId,
        diskOfferingId: tenant.diskOfferingId,
        accountId: party[owner].accountId,
      })
    ).id as string;

  /** Snapshots of one volume are taken one after the other. */
  const snapshotQueues = new Map<string, Promise<unknown>>();
  const snapshot = (owner: Party) => {
    const volumeId = store.get(key('rootVolume', owner))!;
    const taken = (snapshotQueues.get(volumeId) ?? Promise.resolve()).then(async () => {
      const s = await admin(202, 'POST', `/v1/volumes/${volumeId}/snapshots`, { name: unique('snap') });
      await jobDone(s.jobId);
      return s.id as string;
    });
    snapshotQueues.set(
      volumeId,
      taken.catch(() => undefined),
    );
    return taken;
  };
  /** One policy per interval and volume: the shared one is MONTHLY, fresh ones take the next interval. */
  const intervalsLeft = new Map<Party, Interval[]>();
  const policy = async (owner: Party) => {
    const left = intervalsLeft.get(owner) ?? (['MONTHLY', 'WEEKLY', 'DAILY'] as Interval[]);
    const intervalType = left.shift();
    intervalsLeft.set(owner, left);
    if (!intervalType) throw new Error(`no snapshot policy interval left for ${owner}`);
    return (
      await admin(201, 'POST', '/v1/snapshot-policies', {
        volumeId: store.get(key('rootVolume', owner)),
        intervalType,
        schedule: farAway[intervalType],
        timezone: 'UTC',
        maxSnaps: 2,
      })
    ).id as string;
  };
  const template = async (owner: Party) => {
    const t = await admin(202, 'POST', '/v1/templates', {
      name: unique('private'),
      url: 'http://images.example.com/private.qcow2',
      zoneIds: [tenant.zoneId],
      format: 'QCOW2',
      hypervisor: 'Simulator',
      osType: 'Linux',
      sizeBytes: 2 * 1024 ** 3,
      isPublic: false,
      accountId: party[owner].accountId,
    });
    await jobDone(t.jobId);
    return t.id as string;
  };
  const restricted = {
    serviceOffering: {
      path: '/v1/service-offerings',
      sizing: { kind: 'fixed', cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 1024 },
    },
    diskOffering: { path: '/v1/disk-offerings', sizing: { kind: 'fixed', sizeGiB: 5 } },
  };
  const offering = async (kind: keyof typeof restricted, owner: Party) =>
    (
      await admin(201, 'POST', restricted[kind].path, {
        name: unique(`only-${owner}`),
        sizing: restricted[kind].sizing,
        domainIds: [party[owner].domainId],
      })
    ).id as string;
  const profile = (prefix: string) => {
    const username = unique(prefix);
    return {
      username,
      firstname: 'F',
      lastname: 'L',
      email: `${username}@example.com`,
      password: 'pw-123456',
    };
  };

  const spare = spares(admin, unique);

  const fresh = async (kind: Kind, owner?: Party): Promise<string> => {
    if (!isOwned(kind)) return spare[kind as OwnerlessKind]();
    const o = owner!;
    const p = party[o];
    switch (kind as OwnedKind) {
      case 'account':
        return (await admin(201, 'POST', '/v1/accounts', { ...profile('acct'), tenantDomainId: p.domainId }))
          .id;
      case 'user':
        return (await admin(201, 'POST', '/v1/users', { ...profile('user'), accountId: p.accountId })).id;
      case 'domain':
        return (await admin(201, 'POST', '/v1/domains', { name: unique('dom'), parentId: p.domainId })).id;
      case 'vm':
        return (await deploy(o, false)).id;
      case 'destroyedVm': {
        const { id } = await deploy(o, false);
        await jobDone((await admin(202, 'DELETE', `/v1/vms/${id}`)).jobId);
        return id;
      }
      case 'volume':
        return volume(o);
      case 'snapshot':
        return snapshot(o);
      case 'policy':
        return policy(o);
      case 'template':
        return template(o);
      case 'serviceOffering':
      case 'diskOffering':
        return offering(kind as keyof typeof restricted, o);
      default:
        throw new Error(`no fresh ${kind}`);
    }
  };

  const setUp = async () => {
    const owners = Object.keys(party) as Party[];
    for (const o of owners) {
      store.set(key('account', o), party[o].accountId);
      store.set(key('user', o), party[o].userId);
      store.set(key('domain', o), party[o].domainId);
    }
    const first = (path: string) => admin(200, 'GET', `${path}?pageSize=1`).then((page) => page.items[0].id);
    const world = {
      pod: first('/v1/pods'),
      cluster: first('/v1/clusters'),
      host: first('/v1/hosts'),
      storagePool: first('/v1/storage-pools'),
      imageStore: first('/v1/image-stores'),
      tariff: spare.tariff(),
    };
    store.set(key('zone'), tenant.zoneId);
    await Promise.all([
      ...Object.entries(world).map(async ([kind, id]) => store.set(key(kind as Kind), await id)),
      ...owners.flatMap((o) => [
        deploy(o, true).then(async ({ id, jobId }) => {
          store.set(key('vm', o), id);
          store.set(key('job', o), jobId);
          store.set(key('rootVolume', o), (await admin(200, 'GET', `/v1/vms/${id}`)).rootVolumeId);
          store.set(key('snapshot', o), await snapshot(o));
          store.set(key('policy', o), await policy(o));
        }),
        ...(['volume', 'template', 'serviceOffering', 'diskOffering'] as const).map(async (kind) =>
          store.set(key(kind, o), await fresh(kind, o)),
        ),
      ]),
    ]);
  };

  return {
    shared: (kind, owner) => {
      const id = store.get(key(kind, owner));
      if (!id) throw new Error(`no shared ${key(kind, owner)}`);
      return id;
    },
    fresh,
    setUp,
    quiet,
  };
};
