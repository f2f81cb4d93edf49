/**
 * The emulator keeps times as microseconds since the epoch: PostgreSQL stores microseconds and
 * `last_updated__gte` compares at that precision.
 */
export type Micros = number;

/** `2021-12-30 10:41:01.816-05` (PostgreSQL text output) or any ISO 8601 date-time. */
export function parseTimestamp(text: string): Micros | undefined {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      text.trim(),
    );
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    Number(h) > 23 ||
    Number(mi) > 59
  ) {
    return undefined;
  }
  let ms = Date.UTC(
    Number(y),
    month - 1,
    day,
    Number(h),
    Number(mi),
    Number(s),
  );
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset =
      Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
    ms -= sign * offset * 60_000;
  }
  return ms * 1000 + Number(frac.padEnd(6, '0'));
}

/** As Django REST framework renders an aware UTC datetime: `2021-03-10T20:55:36.697000Z`. */
export function formatTimestamp(us: Micros | null | undefined): string | null {
  if (us === null || us === undefined) return null;
  const ms = Math.floor(us / 1000);
  const micro = us - Math.floor(us / 1_000_000) * 1_000_000;
  const base = new Date(ms).toISOString().slice(0, 19);
  return micro === 0
    ? `${base}Z`
    : `${base}.${String(micro).padStart(6, '0')}Z`;
}

let last = 0;
/** Now, strictly increasing so two writes in one millisecond still order by `last_updated`. */
export function nowMicros(): Micros {
  const t = Date.now() * 1000;
  last = t > last ? t : last + 1;
  return last;
}
