import { LldpNeighbor } from '../types';
import { lldpCapabilities, lldpNeighbor } from './fields';
import { outputLines } from './text';

/**
 * AOS-CX `show lldp neighbor-info detail`: one "Key : value" block per port, blocks separated
 * by dashed rules. Older releases say Chassis-Name, newer ones System-Name.
 */
export function parseAoscxLldpDetail(text: string): LldpNeighbor[] {
  const out: LldpNeighbor[] = [];
  let block: Record<string, string> | undefined;
  const flush = () => {
    if (block?.port) {
      out.push(
        lldpNeighbor({
          localPort: block.port,
          neighbor:
            block['neighbor system-name'] ??
            block['neighbor chassis-name'] ??
            '',
          capabilities: lldpCapabilities(block['chassis capabilities enabled']),
          remotePort: block['neighbor port-id'],
          remotePortDescription: block['neighbor port-desc'],
          chassisId: block['neighbor chassis-id'],
        }),
      );
    }
    block = undefined;
  };
  for (const line of outputLines(text)) {
    const kv = /^([A-Za-z][\w\- ]*?)\s*:\s?(.*)$/.exec(line);
    if (!kv) continue;
    const key = kv[1].trim().toLowerCase();
    const value = kv[2].trim();
    if (key === 'port') {
      flush();
      block = {};
    }
    if (block && !(key in block)) block[key] = value;
  }
  flush();
  return out;
}
