import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Whether the Debian client packages are installed (.ci/cloudstack-clients.sh installs them). */
export const hasCs = existsSync('/usr/bin/cloudstack');
export const hasLibcloud = existsSync(
  '/usr/lib/python3/dist-packages/libcloud/compute/drivers/cloudstack.py',
);
export const goSdkPath = '/usr/share/gocode/src/github.com/xanzy/go-cloudstack';
export const hasGoSdk = existsSync('/usr/bin/go') && existsSync(goSdkPath);

export const skipReason = (name: string) =>
  `${name} is not installed: run .ci/cloudstack-clients.sh (apt-get) to test with the real client`;

export type Keys = { endpoint: string; apiKey: string; secretKey: string };

/** Runs the `cs` CLI (`cloudstack`) and returns its JSON answer, or the error it printed. */
export const cs = async (
  keys: Keys,
  command: string,
  args: Record<string, string> = {},
  options: { post?: boolean } = {},
): Promise<{ ok: boolean; body: Record<string, unknown>; stderr: string }> => {
  const argv = [
    ...(options.post ? ['--post'] : []),
    '--quiet',
    command,
    ...Object.entries(args).map(([k, v]) => `${k}=${v}`),
  ];
  try {
    const { stdout, stderr } = await run('/usr/bin/cloudstack', argv, {
      env: {
        ...process.env,
        HOME: '/tmp',
        CLOUDSTACK_ENDPOINT: keys.endpoint,
        CLOUDSTACK_KEY: keys.apiKey,
        CLOUDSTACK_SECRET: keys.secretKey,
        CLOUDSTACK_TIMEOUT: '60',
      },
      timeout: 120_000,
    });
    return { ok: true, body: stdout.trim() ? JSON.parse(stdout) : {}, stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(err.stdout || '{}');
    } catch {
      body = { raw: err.stdout };
    }
    return { ok: false, body, stderr: err.stderr ?? String(e) };
  }
};

export const python = (script: string, args: string[], env: Record<string, string>) =>
  run('/usr/bin/python3', [script, ...args], { env: { ...process.env, ...env }, timeout: 300_000 });

export const goRun = (dir: string, env: Record<string, string>) =>
  run('/usr/bin/go', ['run', '.'], {
    cwd: dir,
    env: {
      ...process.env,
      GO111MODULE: 'off',
      GOPATH: `/usr/share/gocode`,
      GOCACHE: '/tmp/go-cache',
      GOFLAGS: '-mod=mod',
      ...env,
    },
    timeout: 300_000,
  });
