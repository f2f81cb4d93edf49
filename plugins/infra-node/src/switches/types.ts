/** Platform ids, as used in configuration and NetBox platform slugs. */
export type SwitchPlatformId =
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

export type MacEntryType = 'dynamic' | 'static' | 'secure' | 'other';

/** One row of a switch's MAC address table. */
export interface MacEntry {
  /** 12 lower-case hex digits. */
  mac: string;
  /** VLAN id, when the device prints one (absent for `All` rows and non-numeric VLAN names). */
  vlan?: number;
  /** VLAN name, on platforms that print names instead of ids (Junos). */
  vlanName?: string;
  /** Interface as the device prints it, trimmed and with inner whitespace collapsed (`Te 0/32`). */
  port: string;
  type: MacEntryType;
  /** The source line, for diagnostics. */
  raw?: string;
}

export type PortMode = 'access' | 'trunk' | 'routed' | 'unknown';

/** One row of an interface status listing. */
export interface InterfaceInfo {
  port: string;
  /** Status word as printed (`connected`, `notconnect`, `Up`, `xcvrAbsen`...). */
  status?: string;
  /** Access VLAN, or the native/untagged VLAN of a trunk when the device shows it. */
  vlan?: number;
  mode?: PortMode;
  description?: string;
  /** The LAG this port belongs to, when the listing says so (`in Po49`, `A24-Trk1`). */
  lag?: string;
}

/** One neighbour seen by LLDP on a local port. */
export interface LldpNeighbor {
  localPort: string;
  /** Neighbour's system name as printed (may be truncated by the device); '' when it sent none. */
  neighbor: string;
  /** Enabled capabilities, lower-case words: bridge, router, wlan, telephone, station... */
  capabilities?: string[];
  /** Neighbour's port id as printed. */
  remotePort?: string;
  remotePortDescription?: string;
  chassisId?: string;
  /** LAG the local port is a member of, when the listing says so (Junos "Parent Interface"). */
  localLag?: string;
}

/**
 * Everything platform-specific about talking to a switch over SSH: how to turn paging off, how to
 * recognise pager and prompt, which commands to run, and how to read their output.
 *
 * Command builders validate their arguments themselves: nothing that came from a user reaches a
 * command line without passing a strict pattern first.
 */
export interface SwitchDriver {
  id: SwitchPlatformId;
  label: string;
  /** Command that disables paging for the session; undefined when commands carry it (Junos). */
  pagingOff: string | undefined;
  /** Pager prompts; when one appears the session must send a space (and cleanOutput strips it). */
  pagerPatterns: RegExp[];
  /** Matches the CLI prompt at the end of the received text (the command has finished). */
  promptPattern: RegExp;
  /** Whether one-shot SSH exec requests work; otherwise an interactive shell is needed. */
  execSupported: boolean;
  /** Looks up one MAC (12 lower-case hex digits, re-validated); `vlan` narrows it where the CLI can. */
  macLookupCommand(mac12: string, vlan?: number): string;
  /** Whole MAC table, for looking up many MACs at once. */
  macTableCommand(): string;
  interfaceStatusCommand(): string;
  lldpNeighborsCommand(): string;
  parseMacTable(text: string): MacEntry[];
  parseInterfaces(text: string): InterfaceInfo[];
  parseLldp(text: string): LldpNeighbor[];
}
