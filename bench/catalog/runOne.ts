/*
 * One measurement in a fresh process (so RSS, module state and metrics registries never carry over
 * between runs). Spawned by compare.ts; reads a RunSpec as JSON from argv[2] and prints
 * `RESULT <json>` on stdout.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/catalog/runOne.ts '{"vms":100,"database":"postgres"}'
 */
import { JsonObject } from '@backstage/types';
import { measureCatalogVisible, MutationStep } from './catalogVisible';
import { vsphereEntities, VsphereEntitiesOptions } from './vsphereEntities';
import {
  inventoryShapedEntities,
  inventoryShapeFor,
  InventoryVariant,
  isStructural,
} from './inventoryEntities';
import { runTool } from '../lib/runTool';

export interface RunSpec {
  vms: number;
  database: 'postgres' | 'sqlite';
  /**
   * `synthetic` (default): inventoryEntities.ts with `variant`; `vsphere`: what the real
   * provider's transform (buildVsphereEntities) emits for a vcsim-shaped inventory, with
   * `vsphere` options, the owner group (and System, when set) existing before t0
   */
  source?: 'synthetic' | 'vsphere';
  vsphere?: VsphereEntitiesOptions;
  variant?: InventoryVariant;
  catalogConfig?: JsonObject;
  databaseConfig?: JsonObject;
  /**
   * `one-full` (default): one full mutation; `full-then-delta`: full with the structural entities,
   * then one delta with the VMs right away; `full-then-deltas-500`: VMs in deltas of 500;
   * `full-wait-delta`: the VM delta only once the structural entities are visible
   */
  split?:
    | 'one-full'
    | 'full-then-delta'
    | 'full-then-deltas-500'
    | 'full-wait-delta';
  timeoutMs?: number;
}

function stepsFor(
  spec: RunSpec,
  entities: ReturnType<typeof inventoryShapedEntities>,
): MutationStep[] | undefined {
  const split = spec.split ?? 'one-full';
  if (split === 'one-full') return undefined;
  const structural = entities.filter(isStructural);
  const vms = entities.filter(e => !isStructural(e));
  if (split === 'full-then-delta' || split === 'full-wait-delta') {
    return [
      { type: 'full', entities: structural },
      {
        type: 'delta',
        entities: vms,
        afterVisible: split === 'full-wait-delta',
      },
    ];
  }
  const steps: MutationStep[] = [{ type: 'full', entities: structural }];
  for (let i = 0; i < vms.length; i += 500) {
    steps.push({ type: 'delta', entities: vms.slice(i, i + 500) });
  }
  return steps;
}

async function main() {
  const spec = JSON.parse(process.argv[2] ?? '{}') as RunSpec;
  let entities;
  let preload;
  if (spec.source === 'vsphere') {
    ({ entities, preload } = vsphereEntities(spec.vms, spec.vsphere));
  } else {
    entities = inventoryShapedEntities({
      ...inventoryShapeFor(spec.vms),
      variant: spec.variant,
    });
  }
  const result = await measureCatalogVisible({
    entities,
    preload,
    database: spec.database,
    catalogConfig: spec.catalogConfig,
    databaseConfig: spec.databaseConfig,
    steps: stepsFor(spec, entities),
    timeoutMs: spec.timeoutMs,
    log: m => process.stderr.write(`  [run] ${m}\n`),
  });
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

runTool(main, '  [run]');
