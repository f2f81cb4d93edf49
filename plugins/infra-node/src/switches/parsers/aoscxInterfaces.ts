import { InterfaceInfo, PortMode } from '../types';
import { parseColumnTables } from './columns';
import { vlanId } from './fields';
import { compact } from './text';

const MODES: Record<string, PortMode> = {
  access: 'access',
  trunk: 'trunk',
  routed: 'routed',
};
const noValue = (s: string) => (s === '' || s === '--' ? undefined : s);

/**
 * AOS-CX `show interface brief`: Port, Native VLAN, Mode, Type, Enabled, Status, Reason, Speed,
 * Description (the header spans two lines; the first names every column).
 */
export function parseAoscxInterfaces(text: string): InterfaceInfo[] {
  return parseColumnTables(text, [
    { key: 'port', label: 'Port' },
    { key: 'vlan', label: 'Native' },
    { key: 'mode', label: 'Mode' },
    { key: 'type', label: 'Type' },
    { key: 'enabled', label: 'Enabled' },
    { key: 'status', label: 'Status' },
    { key: 'reason', label: 'Reason' },
    { key: 'speed', label: 'Speed' },
    { key: 'description', label: 'Description' },
  ])
    .filter(r => r.port && /\d/.test(r.port))
    .map(r =>
      compact({
        port: r.port,
        status: noValue(r.status),
        vlan: vlanId(r.vlan),
        mode:
          noValue(r.mode) === undefined
            ? undefined
            : MODES[r.mode.toLowerCase()] ?? 'unknown',
        description: noValue(r.description),
      }),
    );
}
