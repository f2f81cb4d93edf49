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
