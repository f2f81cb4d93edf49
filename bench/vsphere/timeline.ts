/*
 * node --require @backstage/cli/config/nodeTransform.cjs bench/vsphere/timeline.ts [--no-gc] [rounds]
 *
 * Where one sync of the 1,500-VM vcsim spends its wall time, stamped in ms from its start:
 * CreateContainerView, the first and last byte of each SOAP response, the last object handed
 * over, resolveInventory and buildVsphereEntities; per response also the time spent inside the
 * decoder (`decodeBusy`) and the process's CPU from its first byte on. Alongside, round by round,
 * the raw POST of the same RetrievePropertiesEx on a standing view (first and last byte). A full
 * GC runs before each, as in `yarn bench vsphere`, unless `--no-gc`. Medians.
 */
import { startVcsim } from '@internal/infra-test-utils';
import { readInventory } from '../../plugins/infra-node/src/vsphere';
import { SoapTransport } from '../../plugins/infra-node/src/vsphere/transport';
import { resolveInventory } from '../../plugins/catalog-backend-module-infra/src/vsphere/inventory/resolve';
import { buildVsphereEntities } from '../../plugins/catalog-backend-module-infra/src/vsphere/transform';
import { exposedGc } from '../lib/gc';
import { median, round } from '../lib/stats';
import { inventoryRequest, RawPoster } from './raw';
import { benchClient, ENTITY_OPTIONS } from './sync';
import { runTool } from '../lib/runTool';

const gc = exposedGc();
const now = () => Number(process.hrtime.bigint()) / 1e6;

async function main() {
  const args = process.argv.slice(2);
  const collect = !args.includes('--no-gc');
  const rounds = Number(args.find(a => !a.startsWith('--')) ?? 15);
  const vc = await startVcsim({ topology: 'vms1500', startTimeoutMs: 600_000 });
  const stamps: Record<string, number[]> = {};
  const stamp = (k: string, v: number) => (stamps[k] ??= []).push(v);
  /** When the round's sync started; 0 outside the syncs (connect, close). */
  let started = 0;

  // every SOAP response of the sync: first and last byte, decoder time, CPU from the first byte
  const post = SoapTransport.prototype.post;
  SoapTransport.prototype.post = async function stamped(this, body, options) {
    if (!started) return post.call(this, body, options);
    const method = /<soapenv:Body><(\w+)/.exec(body)?.[1] ?? '?';
    let cpu: NodeJS.CpuUsage | undefined;
    let busy = 0;
    const result = await post.call(this, body, {
      ...options,
      onText: text => {
        if (!cpu) {
          cpu = process.cpuUsage();
          stamp(`${method} first byte`, now() - started);
        }
        const t = now();
        options.onText(text);
        busy += now() - t;
      },
    });
    stamp(`${method} last byte`, now() - started);
    if (cpu) {
      const used = process.cpuUsage(cpu);
      stamp(`${method} decodeBusy`, busy);
      stamp(`${method} cpuFromFirstByte`, (used.user + used.system) / 1000);
    }
    return result;
  };

  try {
    const client = await benchClient(vc);
    const { view, request, cookie } = await inventoryRequest(client);
    const poster = new RawPoster(vc.url, cookie);
    const raw = async () => {
      const started = now();
      const { firstByteMs } = await poster.post(request);
      stamp('raw last byte', now() - started);
      stamp('raw first byte', firstByteMs);
    };

    for (let i = 0; i < rounds; i++) {
      if (collect) gc();
      await raw();
      if (collect) gc();
      started = now();
      let lastObject = 0;
      const read = await readInventory(client, undefined, {
        onObject: () => {
          lastObject = now() - started;
        },
      });
      stamp('last object', lastObject);
      stamp('readInventory', now() - started);
      const inventory = resolveInventory(read, {
        vcenterId: 'bench',
        url: vc.url,
        instanceUuid: client.serviceContent.about.instanceUuid,
      });
      stamp('resolved', now() - started);
      buildVsphereEntities(inventory, ENTITY_OPTIONS);
      stamp('built', now() - started);
      started = 0;
    }
    poster.close();
    await client.destroyView(view);
    await client.close();
    const out = Object.entries(stamps)
      .map(([k, v]) => [k, round(median(v), 1)] as const)
      .sort((a, b) => a[1] - b[1]);
    process.stdout.write(
      `${JSON.stringify({
        rounds,
        gcBeforeEach: collect,
        ...Object.fromEntries(out),
      })}\n`,
    );
  } finally {
    SoapTransport.prototype.post = post;
    await vc.stop();
  }
}

runTool(main);
