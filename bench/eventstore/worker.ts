import { runAppendPhase, runLagPhase, runReadPhase } from './phases.ts';
import type { FromWorker, Phase, PhaseResult, SystemName, ToWorker } from './protocol.ts';
import { createEmmettSystem } from './systems/emmett.ts';
import { createRawSystem } from './systems/raw.ts';
import { createSkyledgerSystem } from './systems/skyledger.ts';
import type { SystemUnderTest } from './systems/system.ts';

/**
 * One system under test in a process of its own (forked by index.ts), so that no system's pg type
 * parsers, pools or garbage reach another. Runs the phases it is sent, one at a time.
 */
const factories: Record<SystemName, (url: string, poolSize: number) => Promise<SystemUnderTest>> = {
  skyledger: createSkyledgerSystem,
  raw: createRawSystem,
  emmett: createEmmettSystem,
};

const reply = (message: FromWorker) =>
  new Promise<void>((resolve, reject) =>
    process.send!(message, (error: Error | null) => (error ? reject(error) : resolve())),
  );

const run = (sut: SystemUnderTest, phase: Phase): Promise<PhaseResult> => {
  switch (phase.kind) {
    case 'append':
      return runAppendPhase(sut, phase);
    case 'read':
      return runReadPhase(sut, phase);
    case 'lag':
      return runLagPhase(sut, phase);
  }
};

const main = async () => {
  const system = process.env.BENCH_SYSTEM as SystemName;
  const url = process.env.BENCH_DATABASE_URL!;
  const poolSize = Number(process.env.BENCH_POOL_SIZE);
  const sut = await factories[system](url, poolSize);
  await reply({
    kind: 'ready',
    info: {
      system,
      description: sut.description,
      synchronousCommit: await sut.synchronousCommit(),
      supports: sut.supports,
    },
  });
  process.on('message', (message: ToWorker) => {
    if (message.kind === 'close') {
      sut
        .close()
        .then(() => reply({ kind: 'closed' }))
        .finally(() => process.exit(0));
      return;
    }
    run(sut, message.phase)
      .then((result) => reply({ kind: 'result', result }))
      .catch((error: unknown) =>
        reply({
          kind: 'error',
          message: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
      );
  });
};

main().catch(async (error: unknown) => {
  await reply({
    kind: 'error',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  }).catch(() => {});
  process.exit(1);
});
