import { vsphereEntityName } from './entityName';

describe('vsphereEntityName', () => {
  it('is the vCenter id and the moref when that is a valid name', () => {
    expect(
      vsphereEntityName('prod', { type: 'VirtualMachine', value: 'vm-1234' }),
    ).toBe('prod-vm-1234');
    expect(
      vsphereEntityName('prod', {
        type: 'ClusterComputeResource',
        value: 'domain-c7',
      }),
    ).toBe('prod-domain-c7');
  });

  it('hashes morefs that are not valid name parts, stably and per type', () => {
    const path = {
      type: 'Datastore',
      value: '/tmp/govcsim-DC0-LocalDS_0-123@folder-5',
    };
    const name = vsphereEntityName('lab', path);
    expect(name).toMatch(/^lab-datastore-[0-9a-f]{16}$/);
    expect(vsphereEntityName('lab', path)).toBe(name);
    expect(vsphereEntityName('lab', { ...path, type: 'Network' })).not.toBe(
      name,
    );
    expect(vsphereEntityName('other', path)).not.toBe(name);
  });

  it('never exceeds 63 characters and always passes the catalog rule', () => {
    const long = {
      type: 'DistributedVirtualPortgroup',
      value: `dvportgroup-${'9'.repeat(60)}`,
    };
    const name = vsphereEntityName('sixteen-chars-id', long);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/);
  });

  it('keeps morefs that differ only in case apart', () => {
    // morefs are case-sensitive ids; lower-casing must not merge two objects
    const a = vsphereEntityName('lab', { type: 'Folder', value: 'group-v3' });
    const b = vsphereEntityName('lab', { type: 'Folder', value: 'Group-V3' });
    expect(a).not.toBe(b);
  });
});

describe('vsphereEntityName across many objects', () => {
  it('names objects the same after its cache of names was emptied', () => {
    const ref = (i: number) => ({ type: 'VirtualMachine', value: `vm-${i}` });
    const first = vsphereEntityName('bulk', ref(0));
    // more objects than the cache keeps: it starts over and must keep naming alike
    for (let i = 1; i <= 200_001; i++) vsphereEntityName('bulk', ref(i));
    expect(vsphereEntityName('bulk', ref(0))).toBe(first);
    expect(vsphereEntityName('bulk', ref(200_001))).toBe('bulk-vm-200001');
    expect(
      vsphereEntityName('bulk', { type: 'Datastore', value: '/a b' }),
    ).toMatch(/^bulk-datastore-[0-9a-f]{16}$/);
  });
});
