import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Requirement } from './requirements';

export const REPO_ROOT = resolve(__dirname, '../../..');
const APP_DIST = resolve(REPO_ROOT, 'packages/app/dist/index.html');

export const builtAppRequirement: Requirement = {
  name: 'production app build',
  check: () => (existsSync(APP_DIST) ? undefined : `${APP_DIST} not found`),
  hint: 'yarn workspace app build (scripts/test.sh does)',
};

/** A free TCP port on 127.0.0.1, chosen by the kernel. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export interface RunningBackend {
  baseUrl: string;
  /** What the backend printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts packages/backend as a child process on a free port, serving the production app build,
 * with extra config as APP_CONFIG_ variables. Resolves when /api/infra/health answers.
 */
export async function startBackend(
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunningBackend> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  let output = '';
  // not `backstage-cli package start`: its file watcher restarts the backend whenever a source
  // file changes, which breaks a test that runs while someone edits the tree
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      resolve(
        REPO_ROOT,
        'node_modules/@backstage/cli/config/nodeTransform.cjs',
      ),
      'src/index.ts',
    ],
    {
      cwd: resolve(REPO_ROOT, 'packages/backend'),
      env: {
        ...process.env,
        NODE_ENV: 'development',
        APP_CONFIG_app_baseUrl: baseUrl,
        APP_CONFIG_backend_baseUrl: baseUrl,
        APP_CONFIG_backend_listen_port: String(port),
        APP_CONFIG_backend_cors_origin: baseUrl,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  child.stdout!.on('data', d => (output += d));
  child.stderr!.on('data', d => (output += d));
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.once('exit', kill);

  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `backend exited with ${child.exitCode}:\n${output.slice(-4000)}`,
      );
    }
    try {
      const res = await fetch(`${baseUrl}/api/infra/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      kill();
      throw new Error(
        `backend did not answer within the deadline:\n${output.slice(-4000)}`,
      );
    }
    await new Promise(r => setTimeout(r, 500));
  }

  return {
    baseUrl,
    output: () => output,
    stop: async () => {
      kill();
      await new Promise<void>(r => {
        if (child.exitCode !== null) r();
        else child.once('exit', () => r());
        setTimeout(r, 10_000).unref();
      });
    },
  };
}
