import { MacEntry } from '../types';
import { macEntryType, macFromToken, vlanId } from './fields';
import { MacRow, MacRowFields, parseMacRows } from './macRows';
import { compact, outputLines } from './text';

const VLANISH = /^(?:\d+|all|n\/a|-+)$/i;

/**
 * IOS / IOS-XE `show mac address-table` (and the older `show mac-address-table`), four layouts:
 * - 2950:  Destination Address, Address Type, VLAN, Destination Port
 * - 6500:  [flags] vlan, mac, type, learn, age, ports (legend, `*`/`R` prefixes, one table per
 *          supervisor engine)
 * - 4500:  vlan, mac, type, protocols, port, under "Unicast Entries" (the multicast section that
 *          follows lists flooding sets, not hosts, and is skipped)
 * - 2960+: Vlan, Mac Address, Type, Ports ("All" rows for the CPU, a "Total" footer)
 * The VLAN is the word before the MAC, except on the 2950 where it follows the type.
 */
export function parseIosMacTable(text: string): MacEntry[] {
  return parseMacRows(
    text,
    ({ tokens, macIndex }): MacRowFields | undefined => {
      const after = tokens.slice(macIndex + 1);
      if (macIndex > 0 && VLANISH.test(tokens[macIndex - 1])) {
        if (after.length < 2) return undefined;
        return {
          vlan: vlanId(tokens[macIndex - 1]),
          type: macEntryType(after[0]),
          port: after[after.length - 1],
        };
      }
      if (after.length < 3) return undefined;
      return {
        type: macEntryType(after[0]),
        vlan: vlanId(after[1]),
        port: after.slice(2).join(' '),
      };
    },
    {
      skipSection: /^\s*Multicast Entries/i,
      resumeSection: /^\s*Unicast Entries/i,
    },
  );
}

/**
 * NX-OS `show mac address-table`: [flag] VLAN, MAC, Type, age, Secure, NTFY, Ports. The port may
 * contain a space ("vPC Peer-Link") or a suffix ("sup-eth1(R)"). Secure "T" marks a port-security
 * address.
 */
export function parseNxosMacTable(text: string): MacEntry[] {
  return parseMacRows(text, ({ tokens, macIndex }) => {
    const after = tokens.slice(macIndex + 1);
    if (after.length < 5) return undefined;
    return {
      vlan: vlanId(tokens[macIndex - 1]),
      type: after[2] === 'T' ? 'secure' : macEntryType(after[0]),
      port: after.slice(4).join(' '),
    };
  });
}

/**
 * EOS `show mac address-table`: Vlan, Mac Address, Type, Ports, Moves, Last Move. The multicast
 * table that follows lists group members (several ports per row) and is skipped.
 */
export function parseEosMacTable(text: string): MacEntry[] {
  return parseMacRows(
    text,
    ({ tokens, macIndex }) => {
      const after = tokens.slice(macIndex + 1);
      if (after.length < 2) return undefined;
      return {
        vlan: vlanId(tokens[macIndex - 1]),
        type: macEntryType(after[0]),
        port: after[1],
      };
    },
    {
      skipSection: /^\s*Multicast Mac Address Table/i,
      resumeSection: /^\s*Mac Address Table/i,
    },
  );
}

// Junos names VLANs; "vlan100", "Vlan100", "vlan.100", "VLAN_0100" carry their id by convention.
function junosVlanFromName(name: string): number | undefined {
  const m = /^vlan[-_.]?0*(\d{1,4})$/i.exec(name);
  return m ? vlanId(m[1]) : undefined;
}

function junosType(flags: string) {
  // ELS prints flag letters (D dynamic, S static, P persistent static, L local, R remote...);
  // older EX releases print Learn / Static.
  if (/^[A-Z,]+$/.test(flags) && !/^(?:LEARN|STATIC)$/i.test(flags)) {
    const f = flags.replace(/SE|NM/g, '');
    if (/[SP]/.test(f)) return 'static' as const;
    if (f.includes('D')) return 'dynamic' as const;
    return 'other' as const;
  }
  return macEntryType(flags);
}

/**
 * Junos `show ethernet-switching table`, ELS (Vlan name, MAC, flags, age, logical interface,
 * NH index, RTR id) and the older EX layout (VLAN, MAC, Type, Age, Interfaces). Both have the
 * interface three words after the MAC. Ports are logical interfaces ("ae3.0", "xe-0/0/51:0.0").
 */
export function parseJunosMacTable(text: string): MacEntry[] {
  return parseMacRows(text, ({ tokens, macIndex }) => {
    const after = tokens.slice(macIndex + 1);
    if (after.length < 3 || macIndex < 1) return undefined;
    const vlanName = tokens[macIndex - 1];
    return {
      vlanName,
      vlan: junosVlanFromName(vlanName),
      type: junosType(after[0]),
      port: after[2],
    };
  });
}

/**
 * ProCurve / AOS-S `show mac-address`: MAC Address (aabbcc-ddeeff), Port, VLAN. The table does
 * not say how an address was learned; it lists learned addresses, so rows count as dynamic.
 * `show mac-address <mac>` prints the MAC in the title and only Port and VLAN below it.
 */
export function parseProcurveMacTable(text: string): MacEntry[] {
  const entries = parseMacRows(text, ({ tokens, macIndex }) => {
    const after = tokens.slice(macIndex + 1);
    if (after.length < 2) return undefined;
    return { port: after[0], vlan: vlanId(after[1]), type: 'dynamic' };
  });
  if (entries.length > 0) return entries;

  const lookup: MacEntry[] = [];
  let mac: string | undefined;
  for (const line of outputLines(text)) {
    const title = /Address Table\s*-\s*(\S+)\s*$/i.exec(line);
    if (title) {
      mac = macFromToken(title[1]);
      continue;
    }
    const row = /^\s*(\S+)\s+(\d{1,4})\s*$/.exec(line);
    if (mac && row) {
      lookup.push(
        compact({
          mac,
          port: row[1],
          vlan: vlanId(row[2]),
          type: 'dynamic' as const,
          raw: line.trim(),
        }),
      );
    }
  }
  return lookup;
}

/** AOS-CX `show mac-address-table`: MAC Address, VLAN, Type, Port. */
export function parseAoscxMacTable(text: string): MacEntry[] {
  return parseMacRows(text, ({ tokens, macIndex }) => {
    const after = tokens.slice(macIndex + 1);
    if (after.length < 3) return undefined;
    return {
      vlan: vlanId(after[0]),
      type: macEntryType(after[1]),
      port: after[2],
    };
  });
}

const TYPE_WORD =
  /^(?:dynamic|static|management|permanent|learned|self|secure|delete-on-(?:reset|timeout))$/i;

/**
 * PowerConnect `show bridge address-table`. The 5400 series prints Vlan, Mac Address, Port, Type
 * (ports "g48"); the 6200 series Vlan, Mac Address, Type, Port (ports "1/g1"). Which one is
 * told apart per row by where the type word is.
 */
export function parsePowerConnectMacTable(text: string): MacEntry[] {
  return parseMacRows(text, ({ tokens, macIndex }) => {
    const after = tokens.slice(macIndex + 1);
    if (after.length < 2) return undefined;
    const typeFirst = TYPE_WORD.test(after[0]);
    return {
      vlan: vlanId(tokens[macIndex - 1]),
      type: macEntryType(typeFirst ? after[0] : after[1]),
      port: typeFirst ? after[1] : after[0],
    };
  });
}

/**
 * Dell OS10 `show mac address-table`: VlanId, Mac Address, Type, Interface ("ethernet1/1/12:1",
 * "port-channel1"); Dell N-series (DNOS6) `show mac address-table`: Vlan, Mac Address, Type,
 * Port ("Gi1/0/17", "Po1"). Both have the VLAN before the MAC and type, port after it.
 */
export function parseVlanMacTypePortTable(text: string): MacEntry[] {
  return parseMacRows(text, ({ tokens, macIndex }) => {
    const after = tokens.slice(macIndex + 1);
    if (after.length < 2 || macIndex < 1) return undefined;
    return {
      vlan: vlanId(tokens[macIndex - 1]),
      type: macEntryType(after[0]),
      port: after[1],
    };
  });
}

const OS9_STATE = /^(?:active|inactive|n\/a)$/i;

/**
 * Dell OS9 / FTOS `show mac-address-table`: VlanId, Mac Address, Type, Interface, State. The
 * interface name has a space in it ("Te 0/32", "Po 1", "Tengig 0/7"), so it is everything
 * between the type and the trailing state word.
 */
export function parseOs9MacTable(text: string): MacEntry[] {
  return parseMacRows(text, (row: MacRow) => {
    const after = row.tokens.slice(row.macIndex + 1);
    if (after.length < 2 || row.macIndex < 1) return undefined;
    const end =
      after.length > 2 && OS9_STATE.test(after[after.length - 1])
        ? -1
        : undefined;
    return {
      vlan: vlanId(row.tokens[row.macIndex - 1]),
      type: macEntryType(after[0]),
      port: after.slice(1, end).join(' '),
    };
  });
}
