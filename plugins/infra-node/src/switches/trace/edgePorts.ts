import { isLag, isPseudoPort, lagOf } from '../ports';
import { InterfaceInfo, LldpNeighbor, MacEntry } from '../types';
import { portKey } from './portKey';

/** Why a port cannot be where a host is plugged in. */
export type EdgeExclusion =
  | 'pseudo_port'
  | 'lag'
  | 'lldp_uplink'
  | 'trunk'
  | 'configured_uplink'
  | 'uplink_description';

/** A port where a MAC was seen, with the decision about it. */
export interface EdgeCandidate {
  switchId: string;
  port: string;
  vlan?: number;
  vlanName?: string;
  /** Set when the port is ruled out. */
  excludedBecause?: EdgeExclusion;
  /** Human-readable facts behind the decision, most important first. */
  reasons: string[];
  /** Lower is better; only meaningful among candidates that are not excluded. */
  rank: number;
  macsOnPort?: number;
  mode?: string;
  description?: string;
  lldpNeighbor?: string;
  lag?: string;
}

/** What is known about one switch for the decision. */
export interface SwitchFacts {
  switchId: string;
  /** Rows of the MAC table that matter (the traced MACs), possibly the whole table. */
  entries: MacEntry[];
  /** Distinct MACs per port key, when the whole table was read. */
  macsPerPort?: Map<string, number>;
  interfaces?: InterfaceInfo[];
  lldp?: LldpNeighbor[];
  configuredUplinks?: string[];
}

export interface EdgePolicy {
  /**
   * Words that mark an uplink in a port description, matched as whole words, case-insensitive
   * ("Uplink to core" matches `uplink`; "coreldraw-pc" does not match `core`).
   */
  uplinkDescriptionWords?: string[];
}

export const DEFAULT_UPLINK_WORDS: readonly string[] = [
  'uplink',
  'up-link',
  'trunk',
  'core',
  'distribution',
  'spine',
  'interconnect',
  'isl',
  'backbone',
  'peer-link',
  'vpc',
];

function escape(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function uplinkDescriptionPattern(
  words: readonly string[],
): RegExp | undefined {
  if (words.length === 0) return undefined;
  return new RegExp(
    `(?<![A-Za-z0-9])(?:${words.map(escape).join('|')})(?![A-Za-z0-9])`,
    'i',
  );
}

const UPLINK_CAPS = new Set(['bridge', 'router']);
const ENDPOINT_CAPS = new Set(['telephone', 'wlan', 'station', 'docsis']);

/** A neighbour that is another switch or router (not a phone or access point). */
export function isInfrastructureNeighbor(n: LldpNeighbor): boolean {
  const caps = n.capabilities ?? [];
  if (caps.some(c => ENDPOINT_CAPS.has(c))) return false;
  return caps.some(c => UPLINK_CAPS.has(c));
}

/** Decides, for each sighting of one MAC, whether the port can be its edge port, and ranks. */
export function decideEdgePorts(
  mac: string,
  facts: SwitchFacts[],
  policy: EdgePolicy = {},
): EdgeCandidate[] {
  const pattern = uplinkDescriptionPattern(
    policy.uplinkDescriptionWords ?? DEFAULT_UPLINK_WORDS,
  );
  const out: EdgeCandidate[] = [];
  for (const sw of facts) {
    const ifaces = new Map(
      (sw.interfaces ?? []).map(i => [portKey(i.port), i] as const),
    );
    const neighbours = new Map<string, LldpNeighbor[]>();
    for (const n of sw.lldp ?? []) {
      const k = portKey(n.localPort);
      neighbours.set(k, [...(neighbours.get(k) ?? []), n]);
    }
    const uplinks = new Set((sw.configuredUplinks ?? []).map(portKey));
    const seen = new Set<string>();
    for (const e of sw.entries) {
      if (e.mac !== mac) continue;
      const key = portKey(e.port);
      const dedupe = `${key}|${e.vlan ?? e.vlanName ?? ''}`;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      const info = ifaces.get(key);
      const ns = neighbours.get(key) ?? [];
      const c: EdgeCandidate = {
        switchId: sw.switchId,
        port: e.port,
        vlan: e.vlan,
        vlanName: e.vlanName,
        reasons: [],
        rank: 0,
        macsOnPort: sw.macsPerPort?.get(key),
        mode: info?.mode,
        description: info?.description,
        lldpNeighbor:
          ns
            .map(n => n.neighbor)
            .filter(Boolean)
            .join(', ') || undefined,
      };
      const memberOf =
        info?.lag ?? ns.find(n => n.localLag)?.localLag ?? undefined;
      const infra = ns.find(isInfrastructureNeighbor);
      if (isPseudoPort(e.port)) {
        c.excludedBecause = 'pseudo_port';
        c.reasons.push(
          `${e.port} is not a physical port (CPU, VLAN interface or drop)`,
        );
      } else if (isLag(e.port)) {
        c.excludedBecause = 'lag';
        c.lag = lagOf(e.port);
        c.reasons.push(`${e.port} is a link aggregate (LAG)`);
      } else if (memberOf) {
        c.excludedBecause = 'lag';
        c.lag = lagOf(memberOf) ?? memberOf;
        c.reasons.push(`${e.port} is a member of LAG ${memberOf}`);
      } else if (uplinks.has(key)) {
        c.excludedBecause = 'configured_uplink';
        c.reasons.push(`${e.port} is configured as an uplink`);
      } else if (infra) {
        c.excludedBecause = 'lldp_uplink';
        c.reasons.push(
          `LLDP neighbour ${infra.neighbor || infra.chassisId || '?'} is a ${(
            infra.capabilities ?? []
          ).join('/')} (switch or router)`,
        );
      } else if (info?.mode === 'trunk') {
        c.excludedBecause = 'trunk';
        c.reasons.push(`${e.port} is a trunk port`);
      } else if (info?.description && pattern?.test(info.description)) {
        c.excludedBecause = 'uplink_description';
        c.reasons.push(
          `description "${info.description}" names an uplink (${
            pattern.exec(info.description)![0]
          })`,
        );
      }
      if (!c.excludedBecause) {
        let rank = 0;
        if (info?.mode === 'access') {
          c.reasons.push('access port');
        } else {
          rank += 100;
          c.reasons.push(
            info
              ? `port mode ${info.mode ?? 'unknown'}`
              : 'port not in the interface listing',
          );
        }
        if (c.macsOnPort !== undefined) {
          rank += Math.min(c.macsOnPort, 99);
          c.reasons.push(
            c.macsOnPort === 1
              ? 'the only MAC on the port'
              : `${c.macsOnPort} MACs on the port`,
          );
        } else rank += 50;
        if (!/\d/.test(e.port)) {
          rank += 1000;
          c.reasons.push('not a numbered physical port');
        }
        const endpointNeighbour = ns.find(n => !isInfrastructureNeighbor(n));
        if (endpointNeighbour) {
          c.reasons.push(
            `LLDP neighbour ${endpointNeighbour.neighbor || '?'} (${(
              endpointNeighbour.capabilities ?? ['capabilities unknown']
            ).join('/')}) is an endpoint, kept`,
          );
          if (!endpointNeighbour.capabilities?.length) rank += 10;
        }
        if (info?.description)
          c.reasons.push(`description "${info.description}"`);
        c.rank = rank;
      } else {
        c.rank = Number.MAX_SAFE_INTEGER;
      }
      out.push(c);
    }
  }
  return out.sort(
    (a, b) =>
      a.rank - b.rank ||
      a.switchId.localeCompare(b.switchId) ||
      a.port.localeCompare(b.port),
  );
}

/** Distinct MACs per port key of a whole MAC table. */
export function countMacsPerPort(entries: MacEntry[]): Map<string, number> {
  const sets = new Map<string, Set<string>>();
  for (const e of entries) {
    const k = portKey(e.port);
    let s = sets.get(k);
    if (!s) sets.set(k, (s = new Set()));
    s.add(e.mac);
  }
  return new Map([...sets].map(([k, s]) => [k, s.size]));
}
