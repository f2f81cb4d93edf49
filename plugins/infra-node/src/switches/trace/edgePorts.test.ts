import {
  countMacsPerPort,
  decideEdgePorts,
  uplinkDescriptionPattern,
} from './edgePorts';
import { portKey } from './portKey';
import { MacEntry } from '../types';

const M = '0011223344aa';
const row = (port: string, mac = M, vlan = 10): MacEntry => ({
  mac,
  port,
  vlan,
  type: 'dynamic',
});

describe('portKey', () => {
  it.each([
    ['GigabitEthernet1/0/1', 'Gi1/0/1'],
    ['TenGigabitEthernet1/1', 'Te1/1'],
    ['Ethernet1/5', 'Eth1/5'],
    ['Et5', 'Ethernet5'],
    ['Port-channel1', 'Po1'],
    ['ge-0/0/38.0', 'ge-0/0/38'],
    ['Te 0/32', 'Te0/32'],
  ])('%s and %s are one port', (a, b) => {
    expect(portKey(a)).toBe(portKey(b));
  });
});

describe('decideEdgePorts', () => {
  it('matches description words as whole words only', () => {
    const p = uplinkDescriptionPattern(['core', 'uplink'])!;
    expect(p.test('Uplink to core')).toBe(true);
    expect(p.test('to-core-1')).toBe(true);
    expect(p.test('coreldraw-pc')).toBe(false);
    expect(p.test('hardcore')).toBe(false);
  });

  it('moves LAG members to the LAG, keeps phones and APs, drops switch neighbours', () => {
    const out = decideEdgePorts(M, [
      {
        switchId: 'a',
        entries: [
          row('Gi1/0/1'),
          row('Gi1/0/2'),
          row('Gi1/0/3'),
          row('Gi1/0/4'),
          row('CPU'),
        ],
        macsPerPort: countMacsPerPort([
          row('Gi1/0/2'),
          row('Gi1/0/2', '0011223344bb'),
          row('Gi1/0/3'),
          row('Gi1/0/4'),
        ]),
        interfaces: [
          { port: 'Gi1/0/1', mode: 'access', lag: 'Po7' },
          { port: 'Gi1/0/2', mode: 'access' },
          { port: 'Gi1/0/3', mode: 'access' },
          { port: 'Gi1/0/4', mode: 'access' },
        ],
        lldp: [
          {
            localPort: 'Gi1/0/2',
            neighbor: 'ap-3',
            capabilities: ['bridge', 'wlan'],
          },
          { localPort: 'Gi1/0/4', neighbor: 'sw-9', capabilities: ['bridge'] },
        ],
      },
    ]);
    expect(out.map(c => [c.port, c.excludedBecause ?? 'edge'])).toEqual([
      ['Gi1/0/3', 'edge'],
      ['Gi1/0/2', 'edge'],
      ['CPU', 'pseudo_port'],
      ['Gi1/0/1', 'lag'],
      ['Gi1/0/4', 'lldp_uplink'],
    ]);
    expect(out[0].reasons).toEqual(['access port', 'the only MAC on the port']);
    expect(out[1].reasons.join('; ')).toMatch(
      /ap-3 \(bridge\/wlan\) is an endpoint, kept/,
    );
    expect(out.find(c => c.port === 'Gi1/0/1')!.reasons[0]).toBe(
      'Gi1/0/1 is a member of LAG Po7',
    );
  });
});
