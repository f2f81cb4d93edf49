import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, utimes } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  infraCacheDir,
  VCSIM_GOPATH,
} from '../../packages/test-utils/src/vcsim/build';

const execFileAsync = promisify(execFile);

/** The govmomi reference reader (see the comment at its top). */
export const govmomiMainGo = resolve(__dirname, '../govmomi/main.go');

let building: Promise<string> | undefined;

/**
 * Builds `bench/govmomi/main.go` against Debian's govmomi 0.24.2 in GOPATH mode, once per source
 * and Go version, cached next to the vcsim binary (the approach of `buildVcsim`).
 */
export function buildGovmomiReader(): Promise<string> {
  building ??= doBuild().catch(e => {
    building = undefined;
    throw e;
  });
  return building;
}

async function doBuild(): Promise<string> {
  const env = { ...process.env, GO111MODULE: 'off', GOPATH: VCSIM_GOPATH };
  const { stdout: goVersion } = await execFileAsync('go', ['version'], { env });
  const hash = createHash('sha256')
    .update(await readFile(govmomiMainGo))
    .update(goVersion)
    .digest('hex')
    .slice(0, 12);
  const dir = join(infraCacheDir(), 'govmomi-read');
  const binary = join(dir, `govmomi-read-${hash}`);
  if (existsSync(binary)) {
    const now = new Date();
    await utimes(binary, now, now).catch(() => undefined);
    return binary;
  }
  await mkdir(dir, { recursive: true });
  const temp = `${binary}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await execFileAsync('go', ['build', '-o', temp, govmomiMainGo], {
      env,
      cwd: dirname(govmomiMainGo),
      maxBuffer: 16 * 1024 * 1024,
    });
    await rename(temp, binary);
  } catch (e) {
    await rm(temp, { force: true });
    const stderr = (e as { stderr?: string }).stderr?.trim();
    throw new Error(
      `go build of ${govmomiMainGo} failed${
        stderr ? `:\n${stderr}` : `: ${e}`
      }`,
    );
  }
  return binary;
}

export interface GovmomiRun {
  /** CreateContainerView to the last Retrieve, measured inside the Go process. */
  ms: number;
  objects: number;
  vms: number;
  calls: number;
  maxRssMb: number;
}

/** One read by the govmomi program, as a child process against `url`. */
export async function runGovmomiReader(
  binary: string,
  vc: { url: string; username: string; password: string },
): Promise<GovmomiRun> {
  const { stdout } = await execFileAsync(binary, [
    `-url=${vc.url}`,
    `-user=${vc.username}`,
    `-password=${vc.password}`,
  ]);
  return JSON.parse(stdout.trim().split('\n').pop()!) as GovmomiRun;
}
