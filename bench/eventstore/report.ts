import type { Phase, PhaseResult, SubscriberLag, SystemName } from './protocol.ts';

export type Results = Record<string, Partial<Record<SystemName, PhaseResult>>>;

/** A value of the table: a number, null (an event never delivered: lag beyond the drain time), or absent. */
type Cell = number | null;

type Row = {
  readonly workload: string;
  readonly metric: string;
  readonly values: Partial<Record<SystemName, Cell>>;
  /** events/s: Skyledger ÷ baseline; lag: baseline ÷ Skyledger. Above 1 Skyledger is ahead. */
  readonly ratio?: 'throughput' | 'latency';
  readonly note?: string;
};

export type Target = {
  readonly name: string;
  readonly value: Cell | undefined;
  readonly goal: number;
  readonly better: 'higher' | 'lower';
  readonly unit: string;
  readonly met: boolean | undefined;
};

/** The lag rows: which subscriber of each system they compare. Emmett's bare puller is its closest
 * match to subscribeToAll (its consumer also writes a checkpoint per message: see the lag detail). */
const lagRows = [
  { label: 'other node (NOTIFY)', subscribers: { skyledger: 'other-pool', emmett: 'puller' } },
  { label: 'same node', subscribers: { skyledger: 'same-pool', emmett: 'puller' } },
] as const;

const workloadName = (phase: Phase): string => {
  switch (phase.kind) {
    case 'append':
      return `append ${phase.eventsPerCall}/call, ${phase.writers} writer${phase.writers > 1 ? 's' : ''}`;
    case 'read':
      return `read $all, pages of ${phase.pageSize}`;
    case 'lag':
      return `lag at ${phase.eventsPerSecond.toLocaleString('en-US')} events/s`;
  }
};

const pick = (
  results: Results[string] | undefined,
  systems: readonly SystemName[],
  get: (r: PhaseResult, system: SystemName) => Cell | undefined,
): Partial<Record<SystemName, Cell>> => {
  const out: Partial<Record<SystemName, Cell>> = {};
  for (const system of systems) {
    const r = results?.[system];
    const value = r ? get(r, system) : undefined;
    if (value !== undefined) out[system] = value;
  }
  return out;
};

const subscriberOf = (r: PhaseResult, name: string | undefined): SubscriberLag | undefined =>
  r.kind === 'lag' ? r.subscribers.find((s) => s.subscriber === name) : undefined;

export const rowsOf = (phases: readonly Phase[], results: Results, systems: readonly SystemName[]): Row[] =>
  phases.flatMap((phase): Row[] => {
    const workload = workloadName(phase);
    const r = results[phase.key];
    const capped = systems.filter((s) => {
      const x = r?.[s];
      return x !== undefined && 'capped' in x && x.capped;
    });
    const note = capped.length ? `capped: ${capped.join(', ')}` : undefined;
    const throughput = (x: PhaseResult) => (x.kind === 'lag' ? undefined : x.eventsPerSecond);
    if (phase.kind === 'read')
      return [
        { workload, metric: 'events/s', values: pick(r, systems, throughput), ratio: 'throughput', note },
      ];
    if (phase.kind === 'append')
      return [
        { workload, metric: 'events/s', values: pick(r, systems, throughput), ratio: 'throughput', note },
        ...(['p50Ms', 'p99Ms'] as const).map((p) => ({
          workload: '',
          metric: `${p.slice(0, 3)} ms/call`,
          values: pick(r, systems, (x) => (x.kind === 'append' ? x.latency[p] : undefined)),
        })),
      ];
    return lagRows.flatMap(({ label, subscribers }) =>
      (['p50Ms', 'p99Ms'] as const).map(
        (p): Row => ({
          workload: p === 'p50Ms' ? `${workload}, ${label}` : '',
          metric: `${p.slice(0, 3)} ms`,
          values: pick(r, systems, (x, system) => {
            const name = (subscribers as Partial<Record<SystemName, string>>)[system];
            return subscriberOf(x, name)?.lag[p];
          }),
          ratio: 'latency',
        }),
      ),
    );
  });

const ratioOf = (row: Row, baseline: SystemName): Cell | undefined => {
  const sky = row.values.skyledger;
  const base = row.values[baseline];
  if (!row.ratio || sky === undefined || base === undefined) return undefined;
  if (row.ratio === 'throughput') return sky !== null && base !== null ? sky / base : undefined;
  // Lag: an event never delivered is infinitely late.
  if (sky === null) return base === null ? undefined : 0;
  return base === null ? Number.POSITIVE_INFINITY : base / sky;
};

export const fmt = (n: Cell | undefined): string => {
  if (n === undefined || Number.isNaN(n)) return '-';
  if (n === null || n === Number.POSITIVE_INFINITY) return 'inf';
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
};
const fmtRatio = (n: Cell | undefined) => (n === undefined ? '' : `${fmt(n)}x`);

export const formatTable = (rows: readonly Row[], systems: readonly SystemName[]): string => {
  const header = ['workload', 'metric', ...systems, 'sky/raw', 'sky/emmett', ''];
  const body = rows.map((row) => [
    row.workload,
    row.metric,
    ...systems.map((s) => fmt(row.values[s])),
    fmtRatio(ratioOf(row, 'raw')),
    fmtRatio(ratioOf(row, 'emmett')),
    row.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const last = header.length - 1;
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i < 2 || i === last ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
};

/** Every subscriber of the lag workload, with the share after the append call returned. */
export const formatLagDetail = (results: Results, systems: readonly SystemName[]): string[] =>
  systems.flatMap((system) => {
    const r = results.lag1000?.[system];
    if (r?.kind !== 'lag') return [];
    const head = `  ${system}: ${r.sent} appends called at ${fmt(r.achievedEventsPerSecond)}/s, the last acknowledged after ${fmt(r.acknowledgedSeconds)} s; append p50 ${fmt(r.appendLatency.p50Ms)} / p99 ${fmt(r.appendLatency.p99Ms)} / max ${fmt(r.appendLatency.maxMs)} ms, up to ${r.maxInFlight} appends in flight`;
    return [
      head,
      ...r.subscribers.map(
        (s) =>
          `    ${s.subscriber.padEnd(10)} lag p50 ${fmt(s.lag.p50Ms)} / p99 ${fmt(s.lag.p99Ms)} / max ${fmt(s.lag.maxMs)} ms; after the append returned p50 ${fmt(s.afterCommit.p50Ms)} / p99 ${fmt(s.afterCommit.p99Ms)} ms; ${s.missing} of ${r.measured} not delivered, ${s.duplicates} delivered twice`,
      ),
    ];
  });

/** The targets of issue 2, each checked against this run. */
export const targetsOf = (rows: readonly Row[], results: Results): Target[] => {
  const eventsPerSecond = (key: string, system: SystemName) => {
    const r = results[key]?.[system];
    return r && r.kind !== 'lag' ? r.eventsPerSecond : undefined;
  };
  const target = (
    name: string,
    value: Cell | undefined,
    goal: number,
    better: Target['better'],
    unit: string,
  ): Target => {
    // null is a lag beyond the drain time, or a ratio against it.
    const comparable = value === null ? (better === 'higher' ? 0 : Number.POSITIVE_INFINITY) : value;
    return {
      name,
      value,
      goal,
      better,
      unit,
      met:
        comparable === undefined ? undefined : better === 'higher' ? comparable >= goal : comparable <= goal,
    };
  };
  const sky100 = eventsPerSecond('append100.w8', 'skyledger');
  const raw100 = eventsPerSecond('append100.w8', 'raw');
  const list: Target[] = [
    target(
      'single appends, 8 writers',
      eventsPerSecond('append1.w8', 'skyledger'),
      2500,
      'higher',
      'events/s',
    ),
    target('batched appends (100/call, 8 writers)', sky100, 30_000, 'higher', 'events/s'),
    target(
      'batched vs raw INSERT',
      sky100 !== undefined && raw100 ? sky100 / raw100 : undefined,
      0.5,
      'higher',
      'x',
    ),
  ];
  let workload = '';
  for (const row of rows) {
    if (row.workload) workload = row.workload;
    if (row.ratio && (row.metric === 'events/s' || row.metric === 'p99 ms'))
      list.push(target(`vs Emmett: ${workload} ${row.metric}`, ratioOf(row, 'emmett'), 1, 'higher', 'x'));
  }
  const lag = results.lag1000?.skyledger;
  if (lag?.kind === 'lag')
    for (const { label, subscribers } of lagRows)
      list.push(
        target(`lag p99, ${label}`, subscriberOf(lag, subscribers.skyledger)?.lag.p99Ms, 100, 'lower', 'ms'),
      );
  return list;
};

const withUnit = (n: Cell | undefined, unit: string) => (unit === 'x' ? `${fmt(n)}x` : `${fmt(n)} ${unit}`);

const verdictOf = (t: Target): string => {
  if (t.met === undefined) return 'not measured';
  if (t.met) return 'met';
  if (t.value === null || t.value === undefined) return 'MISSED (not delivered in time)';
  if (t.better === 'lower') return `MISSED by ${withUnit(t.value - t.goal, t.unit)}`;
  return `MISSED by ${(100 * (1 - t.value / t.goal)).toFixed(0)}% (${withUnit(t.goal - t.value, t.unit)} short)`;
};

export const formatTargets = (targets: readonly Target[]): string => {
  const width = Math.max(...targets.map((t) => t.name.length));
  return targets
    .map((t) => {
      const goal = `${t.better === 'higher' ? '>=' : '<='} ${withUnit(t.goal, t.unit)}`;
      return `  ${t.name.padEnd(width)}  ${withUnit(t.value, t.unit).padStart(16)}  target ${goal.padEnd(17)} ${verdictOf(t)}`;
    })
    .join('\n');
};
