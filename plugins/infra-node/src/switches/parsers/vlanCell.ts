import { PortMode } from '../types';
import { vlanId } from './fields';

/** What a "Vlan" cell of an interface listing says about the port. */
export interface VlanCell {
  vlan?: number;
  mode?: PortMode;
  lag?: string;
}

/**
 * Reads the Vlan column of Cisco-style `show interfaces status` (IOS, NX-OS, EOS): a VLAN id
 * (access port), `trunk`, `routed`, `in Po49` (LAG member, EOS), or something else (`unassigned`,
 * `pvlan prom`, `123,1234`, `f-path`) which says the port is neither plainly access nor trunk.
 */
export function readVlanCell(cell: string): VlanCell {
  const c = cell.trim();
  if (c === '') return {};
  const id = vlanId(c);
  if (id !== undefined) return { vlan: id, mode: 'access' };
  if (/^trunk$/i.test(c)) return { mode: 'trunk' };
  if (/^routed$/i.test(c)) return { mode: 'routed' };
  const member = /^(?:in\s+)?(Po\d+)$/i.exec(c);
  if (member) return { mode: 'unknown', lag: member[1] };
  return { mode: 'unknown' };
}
