/*
 * Child process of `yarn bench vsphere`: the peak RSS one sync adds to a process that is already
 * connected. Usage: node --expose-gc --require @backstage/cli/config/nodeTransform.cjs
 *   bench/vsphere/rssChild.ts <url> <user> <password>
 * Prints one JSON line: { baselineMb, peakMb, addedMb, entities, method }.
 *
 * The baseline is the RSS after login and a full GC. The peak is the kernel's high-water mark
 * (VmHWM), reset after the baseline by writing 5 to /proc/self/clear_refs; where that is not
 * allowed, RSS sampled every 2 ms (which misses peaks inside long synchronous stretches).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { benchClient, syncOnce } from './sync';
import { runTool } from '../lib/runTool';

const MB = 1024 * 1024;

function hwmMb(): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(
      readFileSync('/proc/self/status', 'utf8'),
    );
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function main() {
  const [url, username, password] = process.argv.slice(2);
  const client = await benchClient({ url, username, password });
  try {
    global.gc?.();
    global.gc?.();
    const baselineMb = process.memoryUsage.rss() / MB;
    let method = 'VmHWM';
    try {
      writeFileSync('/proc/self/clear_refs', '5');
    } catch {
      method = 'sampled';
    }
    let sampled = baselineMb;
    const timer = setInterval(() => {
      sampled = Math.max(sampled, process.memoryUsage.rss() / MB);
    }, 2);
    const { entities } = await syncOnce(client, { url });
    clearInterval(timer);
    sampled = Math.max(sampled, process.memoryUsage.rss() / MB);
    const hwm = method === 'VmHWM' ? hwmMb() : undefined;
    const peakMb = hwm !== undefined ? Math.max(hwm, sampled) : sampled;
    process.stdout.write(
      `${JSON.stringify({
        baselineMb,
        peakMb,
        addedMb: peakMb - baselineMb,
        entities: entities.length,
        method: hwm !== undefined ? method : 'sampled',
      })}\n`,
    );
  } finally {
    await client.close();
  }
}

runTool(main);
