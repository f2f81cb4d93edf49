import {
  expectedVmCount,
  resolveTopology,
  topologies,
  vcsimArgs,
} from './topologies';

describe('vcsim topologies', () => {
  it('count VMs per resource pool', () => {
    expect(expectedVmCount(topologies.small)).toBe(2);
    expect(expectedVmCount(topologies.demo)).toBe(30);
    expect(expectedVmCount(topologies.vms1500)).toBe(1500);
    expect(expectedVmCount(topologies.vms10000)).toBe(10000);
  });

  it('map onto the flags of main.go', () => {
    expect(
      vcsimArgs({ ...topologies.small, templates: 1, autostart: false }),
    ).toEqual([
      '-dc=1',
      '-cluster=1',
      '-host=2',
      '-standalone-host=0',
      '-vm=2',
      '-ds=2',
      '-pg=1',
      '-template=1',
      '-autostart=false',
    ]);
  });

  it('reject unknown names', () => {
    expect(() => resolveTopology('huge' as any)).toThrow(
      /Unknown vcsim topology 'huge'/,
    );
    expect(resolveTopology(undefined)).toBe(topologies.small);
    expect(() =>
      resolveTopology({ ...topologies.small, datastores: 0 }),
    ).toThrow(/needs a datastore/);
  });
});
