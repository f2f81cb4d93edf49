/*
 * Where a vSphere sync's time goes, outside `yarn bench`: node --require
 * @backstage/cli/config/nodeTransform.cjs bench/vsphere/profile.ts [topology] [rounds] [--save FILE]
 *
 * Against one vcsim, side by side per round (order rotating, GC before each): the raw POST of the
 * inventory RetrievePropertiesEx, the whole sync (bench/vsphere/sync.ts), and the sync's parts
 * (CreateContainerView, the streamed RetrievePropertiesEx with records, DestroyView,
 * resolveInventory, buildVsphereEntities). `--save` keeps the response body for offline CPU
 * profiles (bench/vsphere/replay.ts).
 */
import { writeFileSync } from 'node:fs';
import { startVcsim, TopologyName } from '@internal/infra-test-utils';
import {
  DEFAULT_INVENTORY_SPEC,
  inventoryFilterSpecs,
  readInventory,
} from '../../plugins/infra-node/src/vsphere';
import { resolveInventory } from '../../plugins/catalog-backend-module-infra/src/vsphere/inventory/resolve';
import { buildVsphereEntities } from '../../plugins/catalog-backend-module-infra/src/vsphere/transform';
import { exposedGc } from '../lib/gc';
import { median, round } from '../lib/stats';
import { inventoryRequest, RawPoster } from './raw';
import { benchClient, ENTITY_OPTIONS, syncOnce } from './sync';
import { runTool } from '../lib/runTool';

const gc = exposedGc();
const hr = () => process.hrtime.bigint();
const msSince = (t: bigint) => Number(hr() - t) / 1e6;

async function main() {
  const args = process.argv.slice(2);
  const saveAt = args.indexOf('--save');
  const save = saveAt >= 0 ? args[saveAt + 1] : undefined;
  const positional = args.filter(
    (a, i) => !a.startsWith('--') && args[i - 1] !== '--save',
  );
  const topology = (positional[0] ?? 'vms1500') as TopologyName;
  const rounds = Number(positional[1] ?? 9);
  const vc = await startVcsim({ topology, startTimeoutMs: 600_000 });
  try {
    const client = await benchClient(vc);
    const { rootFolder } = client.serviceContent;
    const { view, request, cookie } = await inventoryRequest(client);
    const raw = new RawPoster(vc.url, cookie);
    const kept = await raw.post(request, true);
    if (save) {
      writeFileSync(save, kept.body);
      process.stderr.write(`saved ${kept.bytes} bytes to ${save}\n`);
    }
    await syncOnce(client, vc);

    const s: Record<string, number[]> = {};
    const push = (k: string, v: number) => (s[k] ??= []).push(v);
    const contenders: Array<() => Promise<void>> = [
      async () => {
        const t = hr();
        await raw.post(request);
        push('raw', msSince(t));
      },
      async () => {
        const t = hr();
        await syncOnce(client, vc);
        push('sync', msSince(t));
      },
      async () => {
        // the same sync, its parts timed
        let t = hr();
        const read = await readInventory(client);
        push('readInventory', msSince(t));
        t = hr();
        const inventory = resolveInventory(read, {
          vcenterId: 'bench',
          url: vc.url,
          instanceUuid: client.serviceContent.about.instanceUuid,
        });
        push('resolve', msSince(t));
        t = hr();
        buildVsphereEntities(inventory, ENTITY_OPTIONS);
        push('build', msSince(t));
      },
      async () => {
        let t = hr();
        const v = await client.createContainerView(
          rootFolder,
          DEFAULT_INVENTORY_SPEC.viewTypes,
          true,
        );
        push('createView', msSince(t));
        t = hr();
        await client.destroyView(v);
        push('destroyView', msSince(t));
      },
      async () => {
        // the retrieve alone through our client (decoder + ObjectContent), no records
        const t = hr();
        await client.retrievePropertiesEx(
          inventoryFilterSpecs(view, rootFolder, DEFAULT_INVENTORY_SPEC),
          { maxObjects: 1000 },
          { onObject: () => undefined },
        );
        push('retrieveDecoded', msSince(t));
      },
    ];
    for (let i = 0; i < rounds; i++) {
      for (let j = 0; j < contenders.length; j++) {
        gc();
        await contenders[(i + j) % contenders.length]();
      }
    }
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(s)) out[k] = round(median(v), 1);
    out.ratioToRaw = round(out.sync / out.raw, 2);
    process.stdout.write(
      `${JSON.stringify({ topology, rounds, bytes: kept.bytes, ...out })}\n`,
    );
    raw.close();
    await client.destroyView(view);
    await client.close();
  } finally {
    await vc.stop();
  }
}

runTool(main);
