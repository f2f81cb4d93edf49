/** Human formatting of the figures vSphere and the sync runs report. Pure functions. */

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
const MIB = 1024 * 1024;

/** One decimal below 100 of a unit, none above; never a trailing `.0`. */
function round(value: number): string {
  const digits = Math.abs(value) >= 100 ? 0 : 1;
  return String(Number(value.toFixed(digits)));
}

/** `274877906944` → `256 GiB`, `1e13` → `9.1 TiB` (binary units, as vSphere shows them). */
export function formatBytes(bytes: number | undefined): string | undefined {
  if (bytes === undefined || !Number.isFinite(bytes)) return undefined;
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${bytes < 0 ? '-' : ''}${round(value)} ${BYTE_UNITS[unit]}`;
}

/** vSphere reports VM and effective cluster memory in MB (MiB really). */
export function mbToBytes(mb: number | undefined): number | undefined {
  return mb === undefined ? undefined : mb * MIB;
}

/** `2600` → `2.6 GHz`, `800` → `800 MHz`. */
export function formatMhz(mhz: number | undefined): string | undefined {
  if (mhz === undefined || !Number.isFinite(mhz)) return undefined;
  return Math.abs(mhz) >= 1000
    ? `${round(mhz / 1000)} GHz`
    : `${round(mhz)} MHz`;
}

/** `850 ms`, `12.3 s`, `4 min 5 s`, `1 h 2 min`. */
export function formatDuration(ms: number | undefined): string | undefined {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return undefined;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${round(s)} s`;
  const totalSeconds = Math.round(s);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const sec = totalSeconds % 60;
  if (h > 0) return m ? `${h} h ${m} min` : `${h} h`;
  return sec ? `${m} min ${sec} s` : `${m} min`;
}

/** `0.4567` → `46%`. */
export function formatPercent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

/** `12345` → `12,345` (the viewer's locale). */
export function formatCount(n: number | undefined): string | undefined {
  return n === undefined ? undefined : n.toLocaleString();
}

/** `poweredOn` → `Powered on`, `fullyAutomated` → `Fully automated`, `backing-off` → `Backing off`. */
export function humanize(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const words = value
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An epoch-ms timestamp in the viewer's locale. */
export function formatTime(epochMs: number | undefined): string | undefined {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return undefined;
  return new Date(epochMs).toLocaleString();
}
