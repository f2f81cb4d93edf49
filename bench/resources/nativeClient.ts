import { infraCacheDir } from '@internal/infra-test-utils';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const SOURCE = join(__dirname, 'nativeGet.c');

/**
 * Builds nativeGet.c with the machine's C compiler (once per version of the source, kept in the
 * project's cache directory) and returns the binary's path.
 */
async function nativeGetBinary(): Promise<string> {
  const source = await readFile(SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const dir = join(infraCacheDir(), 'bench');
  const binary = join(dir, `native-get-${hash}`);
  if (existsSync(binary)) return binary;
  await mkdir(dir, { recursive: true });
  const building = `${binary}.${process.pid}`;
  try {
    await promisify(execFile)('cc', ['-O2', '-o', building, SOURCE]);
  } catch (error) {
    throw new Error(
      `Could not build ${SOURCE} with cc (install gcc, e.g. apt-get install gcc): ${error}`,
    );
  }
  await rename(building, binary);
  return binary;
}

function run(binary: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      args,
      { maxBuffer: 16 * 2 ** 20 },
      (error, stdout, stderr) =>
        error
          ? reject(
              new Error(`native-get ${args[0]} failed: ${stderr || error}`),
            )
          : resolve(stdout),
    );
  });
}

/**
 * The warm-request timer of the resources suite with no JavaScript on the client side
 * (nativeGet.c): sequential keep-alive GETs from a process of its own, as a browser's network
 * stack sends them.
 */
export async function nativeClient() {
  const binary = await nativeGetBinary();
  return {
    /** Wall milliseconds of each of `count` GETs of `url`, after `warmUp` untimed ones. */
    async time(
      url: string,
      ask: { warmUp: number; count: number; headers?: Record<string, string> },
    ): Promise<number[]> {
      const { port, pathname, search } = new URL(url);
      const headers = Object.entries(ask.headers ?? {}).map(
        ([name, value]) => `${name}: ${value}`,
      );
      const out = await run(binary, [
        'time',
        port,
        pathname + search,
        String(ask.warmUp),
        String(ask.count),
        ...headers,
      ]);
      const ms = out.trim().split('\n').map(Number);
      if (ms.length !== ask.count || ms.some(x => !Number.isFinite(x)))
        throw new Error(
          `native-get printed ${ms.length} times for ${ask.count} GETs`,
        );
      return ms;
    },
    /** A C server answering every GET with `bytes` of body on loopback: the machine's floor. */
    async serve(bytes: number): Promise<{ url: string; close(): void }> {
      const child = spawn(binary, ['serve', String(bytes)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const port = await new Promise<string>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', code =>
          reject(new Error(`native-get serve exited (${code})`)),
        );
        child.stdout.once('data', (chunk: Buffer) =>
          resolve(chunk.toString().trim()),
        );
      });
      return {
        url: `http://127.0.0.1:${port}/`,
        close: () => child.kill(),
      };
    },
  };
}
