import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import {
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  utimes,
} from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { NotFoundError } from '@backstage/errors';
import { Requirement } from '../requirements';

const execFileAsync = promisify(execFile);

const APT_PACKAGES = 'golang-go golang-github-vmware-govmomi-dev';

/** Debian's golang-github-vmware-govmomi-dev installs govmomi 0.24.2 here; we build in GOPATH mode. */
export const VCSIM_GOPATH =
  process.env.INFRA_VCSIM_GOPATH ?? '/usr/share/gocode';

const simulatorDir = () =>
  join(VCSIM_GOPATH, 'src/github.com/vmware/govmomi/simulator');

/** The Go source of the simulator command, shipped with the package (see `files`). */
export const vcsimMainGo: string = resolve(__dirname, '../../vcsim/main.go');

export function infraCacheDir(): string {
  if (process.env.INFRA_CACHE_DIR) return process.env.INFRA_CACHE_DIR;
  const xdg = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(xdg, 'infra-inventory');
}

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function missingToolchain(): string | undefined {
  if (!findOnPath('go')) return 'no `go` on PATH';
  if (!existsSync(simulatorDir())) return `${simulatorDir()} not found`;
  return undefined;
}

export const vcsimRequirement: Requirement = {
  name: 'vcsim (Go toolchain and govmomi source)',
  check: missingToolchain,
  hint: `apt-get install ${APT_PACKAGES}`,
};

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function goEnv(cacheDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GO111MODULE: 'off',
    GOPATH: VCSIM_GOPATH,
  };
  // go refuses to build without a writable build cache; CI users may have a read-only HOME
  if (
    !env.GOCACHE &&
    !writable(join(homedir(), '.cache')) &&
    !writable(homedir())
  ) {
    env.GOCACHE = join(cacheDir, 'go-build');
  }
  return env;
}

let building: Promise<string> | undefined;

/**
 * Builds `vcsim/main.go` once per source and Go version and returns the binary's path. Several
 * processes (jest workers) may build at the same time: each writes its own temporary file in the
 * cache directory and renames it into place, which is atomic, so nobody runs a half-written binary.
 */
export function buildVcsim(): Promise<string> {
  building ??= buildGoProgram(vcsimMainGo, 'vcsim').catch(e => {
    building = undefined;
    throw e;
  });
  return building;
}

/**
 * Builds a Go program on Debian's govmomi in GOPATH mode, cached under the user's cache directory
 * in `<name>/<name>-<hash of the source and Go version>`, and returns the binary's path.
 */
export async function buildGoProgram(
  mainGo: string,
  name: string,
): Promise<string> {
  const missing = missingToolchain();
  if (missing) {
    throw new NotFoundError(
      `Cannot build ${name}: ${missing}. Install it with: apt-get install ${APT_PACKAGES}`,
    );
  }
  const cacheDir = infraCacheDir();
  const env = goEnv(cacheDir);
  const { stdout: goVersion } = await execFileAsync('go', ['version'], { env });
  const hash = createHash('sha256')
    .update(await readFile(mainGo))
    .update(goVersion)
    .digest('hex')
    .slice(0, 12);

  const dir = join(cacheDir, name);
  const binary = join(dir, `${name}-${hash}`);
  if (existsSync(binary)) {
    // the mtime says when it was last used, for pruning
    const now = new Date();
    await utimes(binary, now, now).catch(() => undefined);
    return binary;
  }

  await mkdir(dir, { recursive: true });
  const temp = `${binary}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await execFileAsync('go', ['build', '-o', temp, mainGo], {
      env,
      cwd: dirname(mainGo),
      maxBuffer: 16 * 1024 * 1024,
    });
    await rename(temp, binary);
  } catch (e) {
    await rm(temp, { force: true });
    const stderr = (e as { stderr?: string }).stderr?.trim();
    throw new Error(
      `go build of ${mainGo} failed${stderr ? `:\n${stderr}` : `: ${e}`}`,
    );
  }
  await pruneOldBinaries(dir, name, binary);
  return binary;
}

// 25 MB per edit of main.go adds up. Other checkouts (other branches) share the cache, so only
// binaries unused for a week go, and temporary files left by interrupted builds after an hour.
const PRUNE_BINARY_MS = 7 * 24 * 3600_000;
const PRUNE_TEMP_MS = 3600_000;
async function pruneOldBinaries(dir: string, name: string, keep: string) {
  for (const file of await readdir(dir)) {
    const path = join(dir, file);
    let maxAge: number | undefined;
    const rest = file.startsWith(`${name}-`) ? file.slice(name.length + 1) : '';
    if (/^[0-9a-f]{12}$/.test(rest)) maxAge = PRUNE_BINARY_MS;
    else if (/^[0-9a-f]{12}\.tmp-/.test(rest)) maxAge = PRUNE_TEMP_MS;
    if (maxAge === undefined || path === keep) continue;
    const info = await stat(path).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > maxAge) {
      await rm(path, { force: true });
    }
  }
}
