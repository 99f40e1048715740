import { type Phase, type SystemName, systemNames } from './protocol.ts';

export type Plan = {
  readonly mode: 'full' | 'quick';
  readonly systems: readonly SystemName[];
  /** Connections per system: the project's PG_POOL_SIZE default, the same for every system. */
  readonly poolSize: number;
  /** CHECKPOINT before each measured run, so that no run pays for another's dirty pages (not in
   * --quick: on a busy server each one can take seconds). */
  readonly checkpoint: boolean;
  readonly phases: readonly Phase[];
};

const usage = `usage: npm run bench -- eventstore [--quick] [--systems skyledger,raw,emmett] [--pool 10]
                                      [--lag-seconds 20] [--no-checkpoint]`;

const singleAppends = (writers: number, callsPerWriter: number, warmup: number, capMs: number): Phase => ({
  kind: 'append',
  key: `append1.w${writers}`,
  writers,
  callsPerWriter,
  eventsPerCall: 1,
  streamsPerWriter: 10,
  warmupCallsPerWriter: warmup,
  capMs,
});

/** The workloads, the same for every system; --quick shrinks them to a smoke run. */
const phasesFor = (quick: boolean, lagSeconds: number): Phase[] => {
  const capMs = quick ? 10_000 : 25_000;
  return [
    singleAppends(1, quick ? 200 : 2_000, quick ? 20 : 100, capMs),
    singleAppends(8, quick ? 100 : 1_500, quick ? 5 : 25, capMs),
    singleAppends(32, quick ? 25 : 375, quick ? 2 : 10, capMs),
    {
      kind: 'append',
      key: 'append100.w8',
      writers: 8,
      callsPerWriter: quick ? 20 : 250,
      eventsPerCall: 100,
      streamsPerWriter: 10,
      warmupCallsPerWriter: quick ? 1 : 5,
      capMs,
    },
    { kind: 'read', key: 'readAll', pageSize: 1000, capMs: quick ? 5_000 : 20_000 },
    {
      kind: 'lag',
      key: 'lag1000',
      eventsPerSecond: 1000,
      warmupSeconds: quick ? 1 : 2,
      seconds: lagSeconds,
      streams: 100,
      drainMs: quick ? 2_000 : 5_000,
    },
  ];
};

const positiveInt = (flag: string, value: string | undefined): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer\n${usage}`);
  return n;
};

export const parsePlan = (args: readonly string[]): Plan => {
  let quick = false;
  let systems: SystemName[] = [...systemNames];
  let poolSize = 10;
  let lagSeconds: number | undefined;
  let checkpoint: boolean | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--quick') quick = true;
    else if (arg === '--no-checkpoint') checkpoint = false;
    else if (arg === '--pool') poolSize = positiveInt(arg, args[++i]);
    else if (arg === '--lag-seconds') lagSeconds = positiveInt(arg, args[++i]);
    else if (arg === '--systems') {
      const names = (args[++i] ?? '').split(',');
      const unknown = names.filter((n) => !(systemNames as readonly string[]).includes(n));
      if (unknown.length || names.length === 0)
        throw new Error(`unknown systems ${unknown.join(',')}\n${usage}`);
      systems = names as SystemName[];
    } else if (arg === '--help' || arg === '-h') {
      console.log(usage);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}\n${usage}`);
  }
  return {
    mode: quick ? 'quick' : 'full',
    systems,
    poolSize,
    checkpoint: checkpoint ?? !quick,
    phases: phasesFor(quick, lagSeconds ?? (quick ? 2 : 20)),
  };
};
