import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8's `gc()` without `--expose-gc` on the command line: benchmarks collect between rounds so
 * that no round pays for the garbage of the one before. `{ type: 'minor' }` runs a scavenge.
 */
export function exposedGc(): (options?: { type: 'major' | 'minor' }) => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc');
}

/** One scavenge as `--trace-gc-nvp` prints it: its pause and its bytes. */
export interface TracedScavenge {
  pauseMs: number;
  allocated: number;
  survived: number;
  promoted: number;
}

/** The scavenges in a `--trace-gc-nvp` output, in order. */
export function tracedScavenges(trace: string): TracedScavenge[] {
  const bytes = (line: string, field: string) =>
    Number(new RegExp(` ${field}=(\\d+)`).exec(line)?.[1] ?? 0);
  return trace
    .split('\n')
    .filter(line => / gc=s /.test(line))
    .map(line => ({
      pauseMs: Number(/ pause=([\d.]+)/.exec(line)?.[1] ?? 0),
      allocated: bytes(line, 'allocated'),
      survived: bytes(line, 'new_space_survived'),
      promoted: bytes(line, 'promoted'),
    }));
}
