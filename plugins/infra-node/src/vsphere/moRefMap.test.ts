import { MoRefMap } from './moRefMap';

describe('MoRefMap', () => {
  it('keeps values by type and value, telling undefined values from absent ones', () => {
    const map = new MoRefMap<string | undefined>();
    map.set({ type: 'HostSystem', value: 'host-1' }, 'a');
    map.set({ type: 'VirtualMachine', value: 'host-1' }, undefined);
    expect(map.get({ type: 'HostSystem', value: 'host-1' })).toBe('a');
    expect(map.has({ type: 'VirtualMachine', value: 'host-1' })).toBe(true);
    expect(
      map.get({ type: 'VirtualMachine', value: 'host-1' }),
    ).toBeUndefined();
    expect(map.has({ type: 'HostSystem', value: 'host-2' })).toBe(false);
    expect(map.has({ type: 'Datastore', value: 'host-1' })).toBe(false);
    map.set({ type: 'HostSystem', value: 'host-1' }, 'b');
    expect(map.get({ type: 'HostSystem', value: 'host-1' })).toBe('b');
  });
});
