import { InterfaceInfo, PortMode } from '../types';
import { parseColumnTables } from './columns';
import { vlanId } from './fields';
import { compact } from './text';

const noValue = (s: string | undefined) =>
  s === undefined || s === '' || s === '-' || s === '--' ? undefined : s;

/**
 * PowerConnect `show interfaces status` (ports, then port-channels with a "Ch" header) and
 * `show interfaces description`; the two can be merged by port. Neither shows VLANs.
 */
export function parsePowerConnectInterfaces(text: string): InterfaceInfo[] {
  const ports = parseColumnTables(text, [
    { key: 'port', label: 'Port' },
    { key: 'type', label: 'Type' },
    { key: 'duplex', label: 'Duplex' },
    { key: 'speed', label: 'Speed' },
    { key: 'neg', label: 'Neg' },
    { key: 'flow', label: 'ctrl' },
    { key: 'status', label: 'State' },
    { key: 'backPressure', label: 'Pressure' },
    { key: 'mdix', label: 'Mode' },
  ]);
  const channels = parseColumnTables(text, [
    { key: 'port', label: 'Ch' },
    { key: 'type', label: 'Type' },
    { key: 'duplex', label: 'Duplex' },
    { key: 'speed', label: 'Speed' },
    { key: 'neg', label: 'Neg' },
    { key: 'flow', label: 'control' },
    { key: 'status', label: 'State' },
  ]);
  const descriptions = [
    ...parseColumnTables(text, [
      { key: 'port', label: 'Port' },
      { key: 'description', label: 'Description' },
    ]),
    ...parseColumnTables(text, [
      { key: 'port', label: 'Ch' },
      { key: 'description', label: 'Description' },
    ]),
  ];
  const byPort = new Map<string, InterfaceInfo>();
  const merge = (port: string, fields: Partial<InterfaceInfo>) => {
    if (!port) return;
    byPort.set(port, compact({ ...byPort.get(port), ...fields, port }));
  };
  for (const r of [...ports, ...channels])
    merge(r.port, { status: noValue(r.status) });
  for (const r of descriptions)
    merge(r.port, { description: noValue(r.description) });
  return [...byPort.values()];
}

/**
 * ProCurve / AOS-S `show interfaces status`. A trunk member shows as "A24-Trk1" (or "1/28-..."
 * when the name does not fit): the port is the part before the dash, the LAG the part after.
 * VLANs: an untagged id with Tagged "No" is an access port; anything tagged is a trunk.
 */
export function parseProcurveInterfaces(text: string): InterfaceInfo[] {
  const rows = parseColumnTables(text, [
    { key: 'port', label: 'Port' },
    { key: 'name', label: 'Name' },
    { key: 'status', label: 'Status' },
    { key: 'configMode', label: 'Config-mode' },
    { key: 'speed', label: 'Speed' },
    { key: 'type', label: 'Type' },
    { key: 'tagged', label: 'Tagged' },
    { key: 'untagged', label: 'Untagged' },
  ]);
  return rows
    .filter(r => r.port)
    .map(r => {
      const member = /^(.+?)-(Trk\d+|\.\.\.)$/.exec(r.port);
      const untagged = vlanId(r.untagged);
      const tagged = r.tagged.toLowerCase();
      let mode: PortMode = 'unknown';
      if (tagged !== '' && tagged !== 'no') mode = 'trunk';
      else if (untagged !== undefined) mode = 'access';
      return compact({
        port: member ? member[1] : r.port,
        lag: member && member[2] !== '...' ? member[2] : undefined,
        status: noValue(r.status),
        description: noValue(r.name),
        vlan: untagged,
        mode,
      });
    });
}

/**
 * Junos `show ethernet-switching interfaces` (EX, non-ELS): one line per logical interface and
 * VLAN membership, continuation lines indented. A port with a tagged membership is a trunk; one
 * with a single untagged membership is an access port of that VLAN's tag.
 */
export function parseJunosSwitchingInterfaces(text: string): InterfaceInfo[] {
  const rows = parseColumnTables(
    text,
    [
      { key: 'port', label: 'Interface' },
      { key: 'status', label: 'State' },
      { key: 'member', label: 'VLAN members' },
      { key: 'tag', label: 'Tag' },
      { key: 'tagging', label: 'Tagging' },
      { key: 'blocking', label: 'Blocking' },
    ],
    { blankLinesInside: true },
  );
  const ports: Array<{ port: string; status: string; members: typeof rows }> =
    [];
  for (const row of rows) {
    if (row.port)
      ports.push({ port: row.port, status: row.status, members: [row] });
    else if (ports.length > 0 && row.member)
      ports[ports.length - 1].members.push(row);
  }
  return ports.map(({ port, status, members }) => {
    const tagged = members.some(m => m.tagging === 'tagged');
    const untagged = members.filter(m => m.tagging === 'untagged');
    let mode: PortMode = 'unknown';
    let vlan: number | undefined;
    if (tagged) {
      mode = 'trunk';
      vlan = untagged.length === 1 ? vlanId(untagged[0].tag) : undefined;
    } else if (untagged.length === 1 && members.length === 1) {
      mode = 'access';
      vlan = vlanId(untagged[0].tag);
    }
    return compact({ port, status: noValue(status), vlan, mode });
  });
}

const OS10_MODES: Record<string, PortMode> = { A: 'access', T: 'trunk' };

/**
 * Dell OS10 `show interface status`: Port ("Eth 1/1/1"), Description, Status, Speed, Duplex,
 * Mode (A access, T trunk, - neither), Vlan (untagged), Tagged-Vlans.
 */
export function parseOs10Interfaces(text: string): InterfaceInfo[] {
  return parseColumnTables(text, [
    { key: 'port', label: 'Port' },
    { key: 'description', label: 'Description' },
    { key: 'status', label: 'Status' },
    { key: 'speed', label: 'Speed' },
    { key: 'duplex', label: 'Duplex' },
    { key: 'mode', label: 'Mode' },
    { key: 'vlan', label: 'Vlan' },
    { key: 'tagged', label: 'Tagged-Vlans' },
  ])
    .filter(r => r.port)
    .map(r => {
      const mode: PortMode = OS10_MODES[r.mode] ?? 'unknown';
      return compact({
        port: r.port.replace(/\s+/g, ' '),
        description: noValue(r.description),
        status: noValue(r.status),
        vlan: vlanId(r.vlan),
        mode,
      });
    });
}

/**
 * Dell OS9 `show interfaces status`: Port ("Te 0/0"), Description, Status, Speed, Duplex, Vlan.
 * The Vlan column holds the untagged VLAN, a list or range when the port carries several
 * (a trunk), and "--" for none; OS9 does not say more about the mode.
 */
export function parseOs9Interfaces(text: string): InterfaceInfo[] {
  return parseColumnTables(text, [
    { key: 'port', label: 'Port' },
    { key: 'description', label: 'Description' },
    { key: 'status', label: 'Status' },
    { key: 'speed', label: 'Speed' },
    { key: 'duplex', label: 'Duplex' },
    { key: 'vlan', label: 'Vlan' },
  ])
    .filter(r => r.port)
    .map(r => {
      const vlan = vlanId(r.vlan);
      const several = /[,-]/.test(r.vlan) && r.vlan !== '--';
      return compact({
        port: r.port.replace(/\s+/g, ' '),
        description: noValue(r.description),
        status: noValue(r.status),
        vlan,
        mode: several ? ('trunk' as const) : undefined,
      });
    });
}

/**
 * Dell N-series (DNOS6) `show interfaces status`: Port, Description, Vlan (an id, "Trnk" or "Gen"
 * for trunk and general mode), Duplex, Speed, Neg, Link State, Flow Control; then the
 * port-channel table with Port Channel, Description, Vlan, Link State.
 */
export function parseDnosInterfaces(text: string): InterfaceInfo[] {
  const read = (r: Record<string, string>): InterfaceInfo => {
    const vlan = vlanId(r.vlan);
    let mode: PortMode | undefined;
    if (vlan !== undefined) mode = 'access';
    else if (/^trnk$/i.test(r.vlan)) mode = 'trunk';
    else if (r.vlan) mode = 'unknown';
    return compact({
      port: r.port,
      description: noValue(r.description),
      status: noValue(r.status),
      vlan,
      mode,
    });
  };
  const ports = parseColumnTables(text, [
    { key: 'port', label: 'Port' },
    { key: 'description', label: 'Description' },
    { key: 'vlan', label: 'Vlan' },
    { key: 'duplex', label: 'Duplex' },
    { key: 'speed', label: 'Speed' },
    { key: 'neg', label: 'Neg' },
    { key: 'status', label: 'Link' },
    { key: 'flow', label: 'Flow' },
  ]);
  const channels = parseColumnTables(
    text,
    [
      { key: 'port', label: 'Port' },
      { key: 'description', label: 'Description' },
      { key: 'vlan', label: 'Vlan' },
      { key: 'status', label: 'Link' },
    ],
    { headerExcludes: /\bDuplex\b/i },
  );
  return [...ports, ...channels]
    .filter(r => r.port && /\d/.test(r.port))
    .map(read);
}
