import { LldpNeighbor } from '../types';
import { lldpCapabilities, lldpNeighbor } from './fields';
import { isPromptLine, outputLines, tokenize } from './text';

const HEADER =
  /^\s*Device ID\s+Local Intf\s+Hold-?time\s+Capability\s+Port ID/i;
const CAPS = /^[BRTCWPSO](?:,[BRTCWPSO])*$|^[BRTCWPSO]+$/;
// After the device id: local interface (a letter first, a digit somewhere), hold time, optional
// capabilities, port id.
const REST = /^([A-Za-z]\S*\d\S*)\s+(\d+)\s+(.*)$/;

/**
 * `show lldp neighbors` of IOS/IOS-XE and NX-OS.
 *
 * The device id is free text: IOS cuts it to 20 characters flush against the local interface
 * ("long_name_swt.josh-vGi0/2") and allows spaces ("Polycom VVX 500"); NX-OS puts a long id on a
 * line of its own and continues the row indented on the next. Rows are therefore read from the
 * local interface onward, and the device id is what precedes it.
 */
export function parseCiscoLldp(text: string): LldpNeighbor[] {
  const out: LldpNeighbor[] = [];
  let localColumn: number | undefined;
  let pendingName: string | undefined;
  for (const line of outputLines(text)) {
    if (HEADER.test(line)) {
      localColumn = line.search(/Local Intf/i);
      continue;
    }
    if (localColumn === undefined) continue;
    if (/^\s*Total entries displayed/i.test(line)) {
      localColumn = undefined;
      continue;
    }
    if (line.trim() === '' || isPromptLine(line)) continue;

    let name: string;
    let rest: string;
    if (/^\s/.test(line) && pendingName !== undefined) {
      name = pendingName;
      rest = line.trim();
    } else {
      const split = splitDeviceId(line, localColumn);
      if (!split) {
        // A device id too long for its column, alone on its line.
        pendingName = line.trim();
        continue;
      }
      [name, rest] = split;
    }
    pendingName = undefined;
    const m = REST.exec(rest);
    if (!m) continue;
    const [, localPort, , tail] = m;
    const tailWords = tail.trim().split(/\s+/);
    let capabilities: string[] | undefined;
    let remotePort = tail.trim();
    if (tailWords.length >= 2 && CAPS.test(tailWords[0])) {
      capabilities = lldpCapabilities(tailWords[0]);
      remotePort = tail.trim().slice(tailWords[0].length).trim();
    }
    out.push(
      lldpNeighbor({
        localPort,
        neighbor: name,
        capabilities,
        remotePort,
      }),
    );
  }
  return out;
}

function splitDeviceId(
  line: string,
  localColumn: number,
): [string, string] | undefined {
  // IOS: a 20-character id runs straight into the interface; cut where the header says.
  if (
    line.length > localColumn &&
    /\S/.test(line[localColumn]) &&
    /\S/.test(line[localColumn - 1] ?? ' ')
  ) {
    const rest = line.slice(localColumn);
    if (REST.test(rest)) return [line.slice(0, localColumn).trim(), rest];
  }
  // Otherwise the interface is the word, among those followed by a hold time, that starts
  // nearest its column: "Polycom VVX 500  Gi1/0/2  120" has "VVX 500" too.
  let best: [string, string] | undefined;
  let bestDistance = Infinity;
  for (const t of tokenize(line).slice(1)) {
    const rest = line.slice(t.start);
    const distance = Math.abs(t.start - localColumn);
    if (REST.test(rest) && distance < bestDistance) {
      best = [line.slice(0, t.start).trim(), rest];
      bestDistance = distance;
    }
  }
  return best;
}
