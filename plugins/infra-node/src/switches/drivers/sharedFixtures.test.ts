import { normalizeMac } from '@infra-inventory/plugin-infra-common';
import {
  describeWith,
  sharedFixtures,
  sharedPath,
} from '@internal/infra-test-utils';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  InterfaceInfo,
  LldpNeighbor,
  MacEntry,
  SwitchPlatformId,
} from '../types';
import { switchDrivers } from '.';

/*
 * Runs every real capture in ../shared/switch-cli (ntc-templates test data) through our parsers
 * and compares with the .yml the upstream TextFSM template produced, after mapping that
 * template's keys and conventions onto ours. The mapping is spelled out per platform below; where
 * the upstream parse and ours disagree on purpose, the row is listed in EXCEPTIONS with why.
 */

type Kind = 'mac' | 'interfaces' | 'lldp';
type Row = Record<string, unknown>;

/** Every command folder under switch-cli, with what it holds. A new folder fails the test. */
const COMMANDS: Record<string, { platform: SwitchPlatformId; kind: Kind }> = {
  'arista_eos/show_mac_address-table': { platform: 'arista_eos', kind: 'mac' },
  'arista_eos/show_lldp_neighbors': { platform: 'arista_eos', kind: 'lldp' },
  'arista_eos/show_interfaces_status': {
    platform: 'arista_eos',
    kind: 'interfaces',
  },
  'aruba_aoscx/show_mac-address-table': {
    platform: 'aruba_aoscx',
    kind: 'mac',
  },
  'aruba_aoscx/show_lldp_neighbors-info_detail': {
    platform: 'aruba_aoscx',
    kind: 'lldp',
  },
  'cisco_ios/show_mac-address-table': { platform: 'cisco_ios', kind: 'mac' },
  'cisco_ios/show_lldp_neighbors': { platform: 'cisco_ios', kind: 'lldp' },
  'cisco_ios/show_interfaces_status': {
    platform: 'cisco_ios',
    kind: 'interfaces',
  },
  'cisco_nxos/show_mac_address-table': { platform: 'cisco_nxos', kind: 'mac' },
  'cisco_nxos/show_lldp_neighbors': { platform: 'cisco_nxos', kind: 'lldp' },
  'cisco_nxos/show_interface_status': {
    platform: 'cisco_nxos',
    kind: 'interfaces',
  },
  'dell_powerconnect/show_bridge_address_table': {
    platform: 'dell_powerconnect',
    kind: 'mac',
  },
  'dell_powerconnect/show_interfaces_status': {
    platform: 'dell_powerconnect',
    kind: 'interfaces',
  },
  'dell_powerconnect/show_interfaces_description': {
    platform: 'dell_powerconnect',
    kind: 'interfaces',
  },
  'hp_procurve/show_mac-address': { platform: 'hp_procurve', kind: 'mac' },
  'hp_procurve/show_lldp_info_remote-device': {
    platform: 'hp_procurve',
    kind: 'lldp',
  },
  'hp_procurve/show_interfaces_status': {
    platform: 'hp_procurve',
    kind: 'interfaces',
  },
  'juniper_junos/show_ethernet-switching_table': {
    platform: 'juniper_junos',
    kind: 'mac',
  },
  'juniper_junos/show_lldp_neighbors': {
    platform: 'juniper_junos',
    kind: 'lldp',
  },
  'juniper_junos/show_ethernet-switching_interfaces': {
    platform: 'juniper_junos',
    kind: 'interfaces',
  },
};

// The NX-OS exception rows below are built from the yml rows they replace.
function findYmlRow(localInterface: string): Row {
  const rows = loadYml(
    'cisco_nxos/show_lldp_neighbors/cisco_nxos_show_lldp_neighbors_multiline',
  );
  return rows.find(r => r.local_interface === localInterface) ?? {};
}

function loadYml(file: string): Row[] {
  const path = sharedPath('switch-cli', `${file}.yml`);
  if (!existsSync(path)) return [];
  return (parse(readFileSync(path, 'utf8')) as { parsed_sample: Row[] })
    .parsed_sample;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(str);
  return str(v) === '' ? [] : [str(v)];
}
const num = (v: unknown) => (/^\d+$/.test(str(v)) ? Number(v) : undefined);

function clean<T extends Row>(row: T): T {
  return Object.fromEntries(
    Object.entries(row).filter(([, v]) => v !== undefined && v !== ''),
  ) as T;
}

// ---- MAC tables: {mac, vlan, port, type}, one row per port -------------------------------
function expectedMac(platform: SwitchPlatformId, row: Row): Row[] {
  const mac = normalizeMac(str(row.destination_address ?? row.mac_address));
  const ports = list(
    row.destination_port ?? row.ports ?? row.port ?? row.logical_interface,
  );
  let type: string;
  if (platform === 'juniper_junos') {
    // ELS flags: D dynamic, S static; L local / R remote say where it was learned.
    type = 'other';
    if (/D/.test(str(row.mac_flag))) type = 'dynamic';
    if (/S/.test(str(row.mac_flag))) type = 'static';
  } else if (platform === 'hp_procurve') {
    type = 'dynamic'; // the ProCurve table has no type column; it lists learned addresses
  } else if (platform === 'cisco_nxos' && row.secure === 'T') {
    type = 'secure';
  } else {
    const t = str(row.type).toLowerCase();
    type = t === 'port-access-security' ? 'secure' : t;
  }
  return ports.map(port => clean({ mac, vlan: num(row.vlan_id), port, type }));
}

// ---- LLDP ------------------------------------------------------------------------------------
const LETTERS: Record<string, string> = {
  B: 'bridge',
  R: 'router',
  T: 'telephone',
  C: 'docsis',
  W: 'wlan',
  P: 'repeater',
  S: 'station',
  O: 'other',
};
function expectedCapabilities(v: unknown): string[] | undefined {
  const s = str(v).trim();
  if (s === '') return undefined;
  if (/^[BRTCWPSO](?:,[BRTCWPSO])*$/.test(s))
    return s.split(',').map(c => LETTERS[c]); // IOS "B,R"
  if (/^[BRTCWPSO]+$/.test(s)) return s.split('').map(c => LETTERS[c]); // NX-OS "BR"
  return s.split(/,\s*/).map(w => w.toLowerCase()); // AOS-CX "Bridge, Router"
}

// `neighbor` is always present: '' when the device got no system name.
function expectedLldp(platform: SwitchPlatformId, row: Row): Row {
  return {
    ...expectedLldpFields(platform, row),
    neighbor: str(row.neighbor_name),
  };
}

function expectedLldpFields(platform: SwitchPlatformId, row: Row): Row {
  const base: Row = {
    localPort: str(row.local_interface),
    neighbor: str(row.neighbor_name),
    capabilities: expectedCapabilities(row.capabilities),
    chassisId: str(row.chassis_id),
  };
  if (platform === 'aruba_aoscx') {
    // The template's neighbor_interface is the port description; the port id is separate.
    return clean({
      ...base,
      remotePort: str(row.neighbor_port_id),
      remotePortDescription: str(row.neighbor_interface),
    });
  }
  if (platform === 'hp_procurve') {
    return clean({
      ...base,
      remotePort: str(row.neighbor_interface),
      remotePortDescription: str(row.neighbor_description),
    });
  }
  if (platform === 'juniper_junos') {
    const parent = str(row.parent_interface);
    return clean({
      ...base,
      remotePort: str(row.neighbor_interface),
      localLag: parent === '-' ? '' : parent,
    });
  }
  return clean({ ...base, remotePort: str(row.neighbor_interface) });
}

// ---- interfaces --------------------------------------------------------------------------------
function vlanCell(cell: string): Row {
  if (cell === '') return {};
  if (/^\d+$/.test(cell)) return { vlan: Number(cell), mode: 'access' };
  if (cell === 'trunk' || cell === 'routed') return { mode: cell };
  if (/^Po\d+$/.test(cell)) return { mode: 'unknown', lag: cell }; // EOS "in Po49"
  return { mode: 'unknown' }; // unassigned, pvlan prom, 123,1234, f-path
}

function expectedInterface(
  platform: SwitchPlatformId,
  file: string,
  row: Row,
): Row {
  switch (platform) {
    case 'cisco_ios':
    case 'cisco_nxos':
    case 'arista_eos': {
      const name = str(row.name);
      return clean({
        port: str(row.port),
        status: str(row.status),
        // NX-OS prints "--" for no description.
        description: platform === 'arista_eos' || name !== '--' ? name : '',
        ...vlanCell(str(row.vlan_id)),
      });
    }
    case 'hp_procurve': {
      const m = /^(.+?)-(Trk\d+|\.\.\.)$/.exec(str(row.port));
      const tagged = str(row.vlan_tagged);
      const untagged = num(row.vlan_untagged);
      let mode = untagged === undefined ? 'unknown' : 'access';
      if (tagged !== 'No' && tagged !== '') mode = 'trunk';
      return clean({
        port: m ? m[1] : str(row.port),
        lag: m && m[2] !== '...' ? m[2] : '',
        status: str(row.status),
        description: str(row.name),
        vlan: untagged,
        mode,
      });
    }
    case 'dell_powerconnect':
      return file.includes('description')
        ? clean({ port: str(row.interface), description: str(row.description) })
        : clean({ port: str(row.port), status: str(row.linkstate) });
    case 'juniper_junos': {
      const tagging = list(row.tagging);
      const tags = list(row.vlan_id);
      if (tagging.includes('tagged')) {
        return clean({
          port: str(row.interface),
          status: str(row.status),
          mode: 'trunk',
        });
      }
      const access = tagging.length === 1 && list(row.vlan_member).length === 1;
      return clean({
        port: str(row.interface),
        status: str(row.status),
        mode: access ? 'access' : 'unknown',
        vlan: access ? num(tags[0]) : undefined,
      });
    }
    default:
      throw new Error(`no interface mapping for ${platform}`);
  }
}

function expected(
  kind: Kind,
  platform: SwitchPlatformId,
  file: string,
  rows: Row[],
): Row[] {
  switch (kind) {
    case 'mac':
      return rows.flatMap(r => expectedMac(platform, r));
    case 'lldp':
      return rows.map(r => expectedLldp(platform, r));
    default:
      return rows.map(r => expectedInterface(platform, file, r));
  }
}

function parsed(kind: Kind, platform: SwitchPlatformId, text: string): Row[] {
  const driver = switchDrivers[platform];
  if (kind === 'mac') {
    return driver
      .parseMacTable(text)
      .map(({ raw, vlanName, ...rest }: MacEntry) => rest as Row);
  }
  if (kind === 'lldp')
    return driver.parseLldp(text) as LldpNeighbor[] as unknown as Row[];
  return driver.parseInterfaces(text) as InterfaceInfo[] as unknown as Row[];
}

interface Exception {
  /** `<platform>/<command>/<file without extension>` */
  file: string;
  /** Matches yml rows by these raw yml values; `ours` instead names an extra row of ours. */
  yml?: Row;
  /** What we produce for the matched yml row instead (undefined: no row at all). */
  ours?: Row;
  reason: string;
}

const ARISTA_MULTICAST =
  'EOS multicast table: a group with its member ports, not where a host is; the parser skips ' +
  'multicast sections (as for the IOS 4500 multicast section, which the upstream template skips too)';
const NXOS_WRAPPED_NAME =
  'upstream template loses a device id that NX-OS wrapped onto its own line when that line ends ' +
  'with a space; the name is in the capture and we return it';
const POWERCONNECT_CHANNELS =
  'upstream template reads only the port table; we also return the port-channel table (ch1-ch8)';

const EXCEPTIONS: Exception[] = [
  ...[
    'c867.3057.8423',
    '5309.3057.8423',
    'jenn.3057.8423',
    '4242.3057.8423',
  ].map(mac => ({
    file: 'arista_eos/show_mac_address-table/arista_eos_show_mac_address-table',
    yml: { mac_address: mac },
    reason:
      mac === 'jenn.3057.8423'
        ? `${ARISTA_MULTICAST}; this row's "MAC" is not hex either`
        : ARISTA_MULTICAST,
  })),
  ...[
    ['Eth1/5', 'fw1-clinical-partner'],
    ['Eth1/6', 'fw1-clinical-partner'],
    ['Eth1/7', 'fw2-clinical-partner'],
    ['Eth1/8', 'fw2-clinical-partner'],
    ['Eth4/1', 'cr-park.org.local'],
  ].map(([port, name]) => ({
    file: 'cisco_nxos/show_lldp_neighbors/cisco_nxos_show_lldp_neighbors_multiline',
    yml: { local_interface: port },
    ours: { ...expectedLldp('cisco_nxos', findYmlRow(port)), neighbor: name },
    reason: NXOS_WRAPPED_NAME,
  })),
  ...[1, 2, 3, 4, 5, 6, 7, 8].map(n => ({
    file: 'dell_powerconnect/show_interfaces_status/dell_powerconnect_show_interfaces_status',
    ours: { port: `ch${n}`, status: 'Not Present' },
    reason: POWERCONNECT_CHANNELS,
  })),
  ...[1, 2, 3, 4, 5, 6, 7, 8].map(n => ({
    file: 'dell_powerconnect/show_interfaces_description/dell_powerconnect_show_interfaces_description',
    ours: { port: `ch${n}` },
    reason: POWERCONNECT_CHANNELS,
  })),
];

const matches = (row: Row, partial: Row) =>
  Object.entries(partial).every(([k, v]) => row[k] === v);

describeWith(sharedFixtures)(
  'parsers against ../shared/switch-cli captures',
  () => {
    const root = sharedPath('switch-cli');
    const folders = existsSync(root)
      ? readdirSync(root, { withFileTypes: true })
          .filter(d => d.isDirectory())
          .flatMap(p =>
            readdirSync(join(root, p.name), { withFileTypes: true })
              .filter(d => d.isDirectory())
              .map(d => `${p.name}/${d.name}`),
          )
      : [];

    it('knows every command folder', () => {
      expect(folders.filter(f => !(f in COMMANDS))).toEqual([]);
    });

    const cases = folders
      .filter(f => f in COMMANDS)
      .flatMap(folder =>
        readdirSync(join(root, folder))
          .filter(f => f.endsWith('.raw'))
          .map(f => `${folder}/${f.replace(/\.raw$/, '')}`),
      );
    const usedExceptions = new Set<Exception>();

    it.each(cases)('%s', file => {
      const folder = file.split('/').slice(0, 2).join('/');
      const { platform, kind } = COMMANDS[folder];
      const text = readFileSync(
        sharedPath('switch-cli', `${file}.raw`),
        'utf8',
      );
      const ymlRows = loadYml(file);

      const want: Row[] = [];
      for (const row of ymlRows) {
        const exception = EXCEPTIONS.find(
          e => e.file === file && e.yml && matches(row, e.yml),
        );
        if (exception) {
          usedExceptions.add(exception);
          if (exception.ours) want.push(exception.ours);
          continue;
        }
        want.push(...expected(kind, platform, file, [row]));
      }
      for (const exception of EXCEPTIONS.filter(
        e => e.file === file && !e.yml,
      )) {
        usedExceptions.add(exception);
        want.push(exception.ours ?? {});
      }

      const got = parsed(kind, platform, text);
      expect(got).toHaveLength(want.length);
      // In device order; extra rows of ours (exceptions without a yml row) come last.
      expect(got).toEqual(want);
    });

    it('uses every documented exception', () => {
      expect(
        EXCEPTIONS.filter(e => !usedExceptions.has(e)).map(e => e.file),
      ).toEqual([]);
    });
  },
);
