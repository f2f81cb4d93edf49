import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sharedPath } from '../shared';

/**
 * What the emulated switches answer, per platform: real captures from the shared switch-cli
 * folder (ntc-templates) and the hand-written Dell fixtures of the drivers, plus how to
 * synthesise a MAC-table row in the platform's own format.
 *
 * This package must not import the drivers (they depend on it for tests), so the command
 * spellings are repeated here; the fleet tests in infra-node check both sides agree.
 */
export type EmulatedPlatformId =
  | 'dell_os10'
  | 'dell_os9'
  | 'dell_nseries'
  | 'dell_powerconnect'
  | 'cisco_ios'
  | 'cisco_nxos'
  | 'arista_eos'
  | 'juniper_junos'
  | 'hp_procurve'
  | 'aruba_aoscx';

export type CaptureKind = 'mac' | 'interfaces' | 'lldp';

interface PlatformSpec {
  /** Commands that turn paging off for the session. */
  pagingOff: string[];
  /** What the device prints when a page is full. */
  pager: string;
  /** Whether SSH exec requests are served (else only a PTY shell). */
  exec: boolean;
  /** Host-name style prompt (`{host}` replaced). */
  prompt: string;
  /** Command (without `| no-more`) → capture kind; the MAC lookup is recognised by `lookup`. */
  commands: Record<CaptureKind, string>;
  lookup: RegExp;
  /** Capture files: `shared:` is under /work/shared/switch-cli, `fixture:` under the drivers' fixtures. */
  captures: Partial<Record<CaptureKind, string>>;
  macStyle: 'dot' | 'dotUpper' | 'colon' | 'hp';
  /** A synthesised MAC-table row. */
  row(mac: string, port: string, vlan: number): string;
}

const FIXTURES = resolve(
  __dirname,
  '../../../../plugins/infra-node/src/switches/drivers/__fixtures__',
);

export const emulatedPlatforms: Record<EmulatedPlatformId, PlatformSpec> = {
  cisco_ios: {
    pagingOff: ['terminal length 0'],
    pager: ' --More-- ',
    exec: true,
    prompt: '{host}#',
    commands: {
      mac: 'show mac address-table',
      interfaces: 'show interfaces status',
      lldp: 'show lldp neighbors',
    },
    lookup: /^show mac address-table address (\S+)/,
    captures: {
      mac: 'shared:cisco_ios/show_mac-address-table/cisco_ios_show_mac-address-table6.raw',
      interfaces:
        'shared:cisco_ios/show_interfaces_status/cisco_ios_show_interfaces_status.raw',
      lldp: 'shared:cisco_ios/show_lldp_neighbors/cisco_ios_show_lldp_neighbors.raw',
    },
    macStyle: 'dot',
    row: (mac, port, vlan) =>
      ` ${String(vlan).padStart(3)}    ${mac}    DYNAMIC     ${port}`,
  },
  cisco_nxos: {
    pagingOff: ['terminal length 0'],
    pager: ' --More-- ',
    exec: true,
    prompt: '{host}#',
    commands: {
      mac: 'show mac address-table',
      interfaces: 'show interface status',
      lldp: 'show lldp neighbors',
    },
    lookup: /^show mac address-table address (\S+)/,
    captures: {
      mac: 'shared:cisco_nxos/show_mac_address-table/cisco_nxos_show_mac_address-table.raw',
      interfaces:
        'shared:cisco_nxos/show_interface_status/cisco_nxos_show_interface_status.raw',
      lldp: 'shared:cisco_nxos/show_lldp_neighbors/cisco_nxos_show_lldp_neighbors.raw',
    },
    macStyle: 'dot',
    row: (mac, port, vlan) =>
      `*    ${String(vlan).padEnd(
        8,
      )} ${mac}    dynamic  0          F      F    ${port}`,
  },
  arista_eos: {
    pagingOff: ['terminal length 0'],
    pager: ' --More-- ',
    exec: true,
    prompt: '{host}#',
    commands: {
      mac: 'show mac address-table',
      interfaces: 'show interfaces status',
      lldp: 'show lldp neighbors',
    },
    lookup: /^show mac address-table address (\S+)/,
    captures: {
      mac: 'shared:arista_eos/show_mac_address-table/arista_eos_show_mac_address-table.raw',
      interfaces:
        'shared:arista_eos/show_interfaces_status/arista_eos_show_interfaces_status.raw',
      lldp: 'shared:arista_eos/show_lldp_neighbors/arista_eos_show_lldp_neighbors.raw',
    },
    macStyle: 'dot',
    row: (mac, port, vlan) =>
      `${String(vlan).padEnd(7)} ${mac}    DYNAMIC     ${port.padEnd(
        10,
      )} 1       0:00:10 ago`,
  },
  juniper_junos: {
    pagingOff: [],
    pager: '---(more)---',
    exec: true,
    prompt: 'netops@{host}>',
    commands: {
      mac: 'show ethernet-switching table',
      interfaces: 'show ethernet-switching interfaces',
      lldp: 'show lldp neighbors',
    },
    lookup: /^show ethernet-switching table \| match (\S+)/,
    captures: {
      mac: 'shared:juniper_junos/show_ethernet-switching_table/juniper_junos_show_ethernet-switching_table.raw',
      interfaces:
        'shared:juniper_junos/show_ethernet-switching_interfaces/juniper_junos_show_ethernet-switching_interfaces.raw',
      lldp: 'shared:juniper_junos/show_lldp_neighbors/juniper_junos_show_lldp_neighbors.raw',
    },
    macStyle: 'colon',
    row: (mac, port, vlan) =>
      `    ${`Vlan${vlan}`.padEnd(19)} ${mac}   DL            -   ${port.padEnd(
        22,
      )} 0         0`,
  },
  hp_procurve: {
    pagingOff: ['no page'],
    pager: '-- MORE --, next page: Space, next line: Enter, quit: Control-C',
    exec: false,
    prompt: '{host}#',
    commands: {
      mac: 'show mac-address',
      interfaces: 'show interfaces status',
      lldp: 'show lldp info remote-device',
    },
    lookup: /^show mac-address ([0-9a-f]{6}-[0-9a-f]{6})$/i,
    captures: {
      mac: 'shared:hp_procurve/show_mac-address/hp_procurve_show_mac-address.raw',
      interfaces:
        'shared:hp_procurve/show_interfaces_status/show_interfaces_status.raw',
      lldp: 'shared:hp_procurve/show_lldp_info_remote-device/hp_procurve_show_lldp_info_remote-device.raw',
    },
    macStyle: 'hp',
    row: (mac, port, vlan) => `  ${mac}     ${port.padEnd(31)} ${vlan}`,
  },
  aruba_aoscx: {
    pagingOff: ['no page'],
    pager: '-- MORE --, next page: Space, next line: Enter, quit: Control-C',
    exec: false,
    prompt: '{host}#',
    commands: {
      mac: 'show mac-address-table',
      interfaces: 'show interface brief',
      lldp: 'show lldp neighbor-info detail',
    },
    lookup: /^show mac-address-table address (\S+)/,
    captures: {
      mac: 'shared:aruba_aoscx/show_mac-address-table/show_mac-address-table.raw',
      interfaces: 'fixture:aruba_aoscx/interfaces.show_interface_brief.raw',
      lldp: 'shared:aruba_aoscx/show_lldp_neighbors-info_detail/show_lldp_neighbors-info_detail.raw',
    },
    macStyle: 'colon',
    row: (mac, port, vlan) =>
      `${mac}    ${String(vlan).padEnd(8)} dynamic                   ${port}`,
  },
  dell_powerconnect: {
    pagingOff: ['terminal datadump'],
    pager: 'More: <space>,  Quit: q, One line: <return> ',
    exec: false,
    prompt: '{host}#',
    commands: {
      mac: 'show bridge address-table',
      interfaces: 'show interfaces status',
      lldp: 'show lldp neighbors',
    },
    lookup: /^show bridge address-table address (\S+)/,
    captures: {
      mac: 'shared:dell_powerconnect/show_bridge_address_table/dell_powerconnect_show_bridge_address_table.raw',
      interfaces:
        'shared:dell_powerconnect/show_interfaces_status/dell_powerconnect_show_interfaces_status.raw',
      lldp: 'fixture:dell_powerconnect/lldp.show_lldp_neighbors.raw',
    },
    macStyle: 'colon',
    row: (mac, port, vlan) =>
      `  ${String(vlan).padEnd(6)}   ${mac}    ${port.padEnd(6)} dynamic`,
  },
  dell_nseries: {
    pagingOff: ['terminal length 0'],
    pager: '--More-- or (q)uit',
    exec: false,
    prompt: '{host}#',
    commands: {
      mac: 'show mac address-table',
      interfaces: 'show interfaces status',
      lldp: 'show lldp remote-device all',
    },
    lookup: /^show mac address-table address (\S+)/,
    captures: {
      mac: 'fixture:dell_nseries/mac.show_mac_address-table.raw',
      interfaces: 'fixture:dell_nseries/interfaces.show_interfaces_status.raw',
      lldp: 'fixture:dell_nseries/lldp.show_lldp_remote-device_all.raw',
    },
    macStyle: 'dotUpper',
    row: (mac, port, vlan) =>
      `${String(vlan).padEnd(8)} ${mac}        Dynamic     ${port}`,
  },
  dell_os10: {
    pagingOff: ['terminal length 0'],
    pager: '--more--',
    exec: true,
    prompt: '{host}#',
    commands: {
      mac: 'show mac address-table',
      interfaces: 'show interface status',
      lldp: 'show lldp neighbors',
    },
    lookup: /^show mac address-table address (\S+)/,
    captures: {
      mac: 'fixture:dell_os10/mac.show_mac_address-table.raw',
      interfaces: 'fixture:dell_os10/interfaces.show_interface_status.raw',
      lldp: 'fixture:dell_os10/lldp.show_lldp_neighbors.raw',
    },
    macStyle: 'colon',
    row: (mac, port, vlan) =>
      `${String(vlan).padEnd(13)} ${mac}   dynamic       ${port}`,
  },
  dell_os9: {
    pagingOff: ['terminal length 0'],
    pager: ' --More-- ',
    exec: false,
    prompt: '{host}#',
    commands: {
      mac: 'show mac-address-table',
      interfaces: 'show interfaces status',
      lldp: 'show lldp neighbors',
    },
    lookup: /^show mac-address-table address (\S+)/,
    captures: {
      mac: 'fixture:dell_os9/mac.show_mac-address-table.raw',
      interfaces: 'fixture:dell_os9/interfaces.show_interfaces_status.raw',
      lldp: 'fixture:dell_os9/lldp.show_lldp_neighbors.raw',
    },
    macStyle: 'colon',
    row: (mac, port, vlan) =>
      `${String(vlan).padEnd(10)} ${mac}     Dynamic       ${port.padEnd(
        16,
      )} Active`,
  },
};

export const emulatedPlatformIds = Object.keys(
  emulatedPlatforms,
) as EmulatedPlatformId[];

const captureCache = new Map<string, string>();

/** A capture file's text, without a leading `prompt#command` line some fixtures carry. */
export function readCapture(ref: string): string {
  const cached = captureCache.get(ref);
  if (cached !== undefined) return cached;
  const [kind, rel] = ref.split(/:(.*)/s, 2);
  const file =
    kind === 'shared' ? sharedPath('switch-cli', rel) : resolve(FIXTURES, rel);
  let text = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  const lines = text.split('\n');
  if (/^(?:[\w.-]+@)?[\w.-]+[#>] ?\S/.test(lines[0] ?? '')) {
    text = lines.slice(1).join('\n');
  }
  captureCache.set(ref, text);
  return text;
}

/** The platform's default capture for a command kind ('' when there is none). */
export function defaultCapture(
  platform: EmulatedPlatformId,
  kind: CaptureKind,
): string {
  const ref = emulatedPlatforms[platform].captures[kind];
  return ref ? readCapture(ref) : '';
}

const MAC_TOKEN =
  /\b(?:[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}|(?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2}|[0-9a-f]{6}-[0-9a-f]{6})\b/i;

/** 12 lower-case hex digits of the first MAC-looking token of a line, if any. */
export function macOfLine(line: string): string | undefined {
  const m = MAC_TOKEN.exec(line);
  return m ? m[0].replace(/[^0-9a-f]/gi, '').toLowerCase() : undefined;
}

export function formatMacFor(
  platform: EmulatedPlatformId,
  mac12: string,
): string {
  const m = mac12.toLowerCase();
  switch (emulatedPlatforms[platform].macStyle) {
    case 'dot':
      return `${m.slice(0, 4)}.${m.slice(4, 8)}.${m.slice(8)}`;
    case 'dotUpper':
      return `${m.slice(0, 4)}.${m.slice(4, 8)}.${m.slice(8)}`.toUpperCase();
    case 'hp':
      return `${m.slice(0, 6)}-${m.slice(6)}`;
    default:
      return m.match(/../g)!.join(':');
  }
}

/** One MAC placed on a port of an emulated switch. */
export interface EmulatedMacEntry {
  /** Any notation; normalised to 12 hex digits. */
  mac: string;
  port: string;
  vlan?: number;
}

/** The capture with the given MACs added as rows right after the first real row. */
export function synthesiseMacTable(
  platform: EmulatedPlatformId,
  base: string,
  entries: EmulatedMacEntry[],
): string {
  if (entries.length === 0) return base;
  const spec = emulatedPlatforms[platform];
  const rows = entries.map(e =>
    spec.row(
      formatMacFor(platform, e.mac.replace(/[^0-9a-f]/gi, '')),
      e.port,
      e.vlan ?? 10,
    ),
  );
  const lines = base.split('\n');
  const first = lines.findIndex(l => macOfLine(l) !== undefined);
  const at = first < 0 ? lines.length : first + 1;
  lines.splice(at, 0, ...rows);
  return lines.join('\n');
}

/** The MAC table reduced to one address, the way the platform's lookup command prints it. */
export function lookupOutput(
  platform: EmulatedPlatformId,
  table: string,
  mac12: string,
  entries: EmulatedMacEntry[],
): string {
  const lines = table.split('\n');
  if (platform === 'hp_procurve') {
    const hits = lines.filter(l => macOfLine(l) === mac12);
    const hp = formatMacFor(platform, mac12);
    const rows = hits.map(l => {
      const parts = l.trim().split(/\s+/);
      return `  ${parts[1].padEnd(6)} ${parts[2] ?? ''}`;
    });
    return [
      '',
      ` Status and Counters - Address Table - ${hp}`,
      '',
      '  Port   VLAN',
      '  ------ ----',
      ...rows,
    ].join('\n');
  }
  void entries;
  // Keep headers (lines before the first row) and the rows of this MAC.
  const first = lines.findIndex(l => macOfLine(l) !== undefined);
  const header = first < 0 ? lines : lines.slice(0, first);
  return [...header, ...lines.filter(l => macOfLine(l) === mac12)].join('\n');
}
