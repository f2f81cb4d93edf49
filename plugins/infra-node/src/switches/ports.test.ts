import { isLag, isPseudoPort, lagOf } from './ports';

describe('port helpers', () => {
  it.each([
    'CPU',
    'Router',
    'Switch',
    'self',
    'Drop',
    'sup-eth1(R)',
    'sup-eth1',
    'Vlan10',
    'vlan 10',
    'Vl1',
    'irb.100',
    'Management',
  ])('%s is a pseudo port', p => {
    expect(isPseudoPort(p)).toBe(true);
  });

  it.each([
    'Gi1/0/7',
    'Te 0/32',
    'ethernet1/1/12:1',
    'Po1',
    'ae3.0',
    '25',
    'Trk1',
    'lag100',
    'vPC Peer-Link',
    'mgmt0',
  ])('%s is not a pseudo port', p => {
    expect(isPseudoPort(p)).toBe(false);
  });

  it.each([
    ['Po1', 'po1'],
    ['Po 1', 'po1'],
    ['port-channel1', 'po1'],
    ['Port-channel1', 'po1'],
    ['Port-Channel1', 'po1'],
    ['port-channel1000', 'po1000'],
    ['ch1', 'po1'],
    ['ae3', 'ae3'],
    ['ae3.0', 'ae3'],
    ['Trk1', 'trk1'],
    ['lag100', 'lag100'],
    ['Bridge-Aggregation2', 'bagg2'],
  ])('%s is LAG %s', (port, key) => {
    expect(isLag(port)).toBe(true);
    expect(lagOf(port)).toBe(key);
  });

  it.each([
    'Gi1/0/1',
    'Te 0/32',
    'xe-0/0/51:0.0',
    'ethernet1/1/1',
    'A24',
    'Power1',
    'aex3',
    'Po1/1',
  ])('%s is not a LAG', port => {
    expect(isLag(port)).toBe(false);
    expect(lagOf(port)).toBeUndefined();
  });
});
