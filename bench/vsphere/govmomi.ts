import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildGoProgram } from '../../packages/test-utils/src/vcsim/build';

const execFileAsync = promisify(execFile);

/** The govmomi reference reader (see the comment at its top). */
export const govmomiMainGo = resolve(__dirname, '../govmomi/main.go');

let building: Promise<string> | undefined;

/**
 * Builds `bench/govmomi/main.go` against Debian's govmomi 0.24.2 in GOPATH mode, once per source
 * and Go version, cached like the vcsim binary.
 */
export function buildGovmomiReader(): Promise<string> {
  building ??= buildGoProgram(govmomiMainGo, 'govmomi-read').catch(e => {
    building = undefined;
    throw e;
  });
  return building;
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
