/*
 * Ports that are not a place where a host can be plugged in: the switch's own CPU and routing
 * engine, VLAN interfaces, discard entries. A MAC seen only there is the switch's (or a router
 * MAC), not an endpoint.
 */
const PSEUDO_PORT =
  /^(?:cpu|router|switch|self|drop|sup-eth\d*(?:\(\w+\))?|vlan\s*\d*|vl\s*\d+|irb(?:\.\d+)?|vlan-interface\s*\d+|management)$/i;

/** True for CPU, Router, Switch, self, Drop, sup-eth1(R), Vlan10, Vl1, irb.10... */
export function isPseudoPort(port: string): boolean {
  return PSEUDO_PORT.test(port.trim());
}

// Link-aggregation interface names across the supported platforms, with an optional Junos unit.
const LAG =
  /^(po|port-channel|ch|ae|trk|lag|bagg|bridge-aggregation|bond)\s*(\d+)(?:\.\d+)?$/i;

// Spellings of one family, so that lagOf gives one key for all of them.
const LAG_FAMILY: Record<string, string> = {
  'port-channel': 'po',
  ch: 'po',
  'bridge-aggregation': 'bagg',
};

/** True for Po1, Port-channel1, Port-Channel1, port-channel1, Po 1, ch1, ae3, ae3.0, Trk1, lag100. */
export function isLag(port: string): boolean {
  return LAG.test(port.trim());
}

/**
 * A canonical key for a LAG interface, so that one device's spellings compare equal ("Po1",
 * "Port-channel1", "port-channel1" and "Po 1" all give "po1"; "ae3.0" gives "ae3"); undefined
 * for anything that is not a LAG.
 */
export function lagOf(port: string): string | undefined {
  const m = LAG.exec(port.trim());
  if (!m) return undefined;
  const kind = m[1].toLowerCase();
  return `${LAG_FAMILY[kind] ?? kind}${Number(m[2])}`;
}
