import { type ChildProcess, fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FromWorker, Phase, PhaseResult, SystemName, ToWorker, WorkerInfo } from './protocol.ts';

const workerPath = join(dirname(fileURLToPath(import.meta.url)), 'worker.ts');

/** A forked worker.ts: one system under test, driven one phase at a time over IPC. */
export type Worker = {
  readonly info: WorkerInfo;
  run(phase: Phase): Promise<PhaseResult>;
  close(): Promise<void>;
  kill(): void;
};

/** Waits for the worker's next message; rejects if it reports an error or exits. */
const nextMessage = (child: ChildProcess, system: SystemName): Promise<FromWorker> =>
  new Promise((resolve, reject) => {
    const onMessage = (message: FromWorker) => {
      cleanup();
      if (message.kind === 'error') reject(new Error(`${system} worker: ${message.message}`));
      else resolve(message);
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`${system} worker exited (code ${code}, signal ${signal})`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });

export const startWorker = async (
  system: SystemName,
  databaseUrl: string,
  poolSize: number,
): Promise<Worker> => {
  const child = fork(workerPath, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      BENCH_SYSTEM: system,
      BENCH_DATABASE_URL: databaseUrl,
      BENCH_POOL_SIZE: String(poolSize),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const send = (message: ToWorker) => child.send(message);
  let ready: FromWorker;
  try {
    ready = await nextMessage(child, system);
  } catch (error) {
    child.kill();
    throw error;
  }
  if (ready.kind !== 'ready') throw new Error(`${system} worker sent ${ready.kind} before ready`);
  return {
    info: ready.info,
    async run(phase) {
      const reply = nextMessage(child, system);
      send({ kind: 'run', phase });
      const message = await reply;
      if (message.kind !== 'result')
        throw new Error(`${system} worker sent ${message.kind} for ${phase.key}`);
      return message.result;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      send({ kind: 'close' });
      await exited;
    },
    kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
};
