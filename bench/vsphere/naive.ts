import {
  DEFAULT_INVENTORY_SPEC,
  inventoryFilterSpecs,
  MoRef,
  VimClient,
} from '../../plugins/infra-node/src/vsphere';
import { propertyFilterSpecXml } from '../../plugins/infra-node/src/vsphere/envelopes';
import { decodeObjectContent } from '../../plugins/infra-node/src/vsphere/values';
import { moRefXml } from '../../plugins/infra-node/src/vsphere/envelopes';

// subtypes read their base type's paths too, as the PropertySpecs of the one-pass read do
const BASES: Record<string, string[]> = {
  ClusterComputeResource: ['ComputeResource'],
  DistributedVirtualPortgroup: ['Network'],
  OpaqueNetwork: ['Network'],
  VmwareDistributedVirtualSwitch: ['DistributedVirtualSwitch'],
  VirtualApp: ['ResourcePool'],
  StoragePod: ['Folder'],
};

function pathsOf(type: string): string[] {
  const paths = DEFAULT_INVENTORY_SPEC.propertyPaths;
  return [
    ...(BASES[type] ?? []).flatMap(b => paths[b] ?? []),
    ...(paths[type] ?? []),
  ];
}

export interface NaiveResult {
  /** Calls the whole loop makes: one RetrieveProperties per property per object. */
  totalCalls: number;
  /** Calls actually made (all of them unless the time bound cut the loop short). */
  calls: number;
  /** Wall time of the calls made. */
  ms: number;
  /** The loop ran to the end (`ms` is measured, not extrapolated). */
  complete: boolean;
}

/**
 * The read we replace: list the inventory's objects, then one RetrieveProperties call per
 * property per object, one after the other (what lazy per-object property access amounts to).
 * Stops after `maxMs` of calls; the caller extrapolates, and says so, when it did.
 */
export async function naiveRead(
  client: VimClient,
  maxMs: number,
): Promise<NaiveResult> {
  const { rootFolder, propertyCollector } = client.serviceContent;
  // the object list itself (one view, one call) is not counted: the loop is what differs
  const objects: MoRef[] = [];
  const view = await client.createContainerView(
    rootFolder,
    DEFAULT_INVENTORY_SPEC.viewTypes,
    true,
  );
  try {
    const [spec] = inventoryFilterSpecs(view, rootFolder, {
      ...DEFAULT_INVENTORY_SPEC,
      alarms: false,
    });
    const list = await client.retrieveAll([
      {
        ...spec,
        propSet: Object.keys(DEFAULT_INVENTORY_SPEC.propertyPaths).map(
          type => ({ type, pathSet: [] }),
        ),
      },
    ]);
    for (const c of list) objects.push(c.obj);
  } finally {
    await client.destroyView(view);
  }

  const work = objects.flatMap(obj =>
    pathsOf(obj.type).map(path => ({ obj, path })),
  );
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
  let calls = 0;
  for (const { obj, path } of work) {
    if (elapsed() > maxMs) break;
    calls++;
    await client.invoke(
      'RetrieveProperties',
      () =>
        `<RetrieveProperties xmlns="urn:vim25">${moRefXml(
          '_this',
          propertyCollector,
        )}${propertyFilterSpecXml('specSet', {
          propSet: [{ type: obj.type, pathSet: [path] }],
          objectSet: [{ obj }],
        })}</RetrieveProperties>`,
      { streamAt: { returnval: node => decodeObjectContent(node) } },
    );
  }
  return {
    totalCalls: work.length,
    calls,
    ms: elapsed(),
    complete: calls === work.length,
  };
}
