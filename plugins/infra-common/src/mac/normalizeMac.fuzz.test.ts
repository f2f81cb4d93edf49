import { formatMac, MAC_STYLES } from './formatMac';
import { InvalidMacError } from './InvalidMacError';
import { normalizeMac } from './normalizeMac';
import { parseMacList } from './parseMacList';

// Seeded so that a failure names a seed and an iteration that reproduce it exactly.
const SEED = 0x5eed_4ac;
const ITERATIONS = 12_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// An oracle written independently of the implementation: the accepted notations as whole-string
// regular expressions. normalizeMac must accept exactly what one of these matches.
const H = '[0-9a-fA-F]';
const ACCEPTED = [
  `${H}{12}`,
  `${H}{2}(?::${H}{2}){5}`,
  `${H}{2}(?:-${H}{2}){5}`,
  `${H}{4}(?:\\.${H}{4}){2}`,
  `${H}{4}(?:-${H}{4}){2}`,
  `${H}{6}-${H}{6}`,
].map(p => new RegExp(`^\\s*${p}\\s*$`));
const oracleAccepts = (s: string) =>
  s.trim().length <= 64 && ACCEPTED.some(re => re.test(s));

describe('normalizeMac fuzz', () => {
  const rand = mulberry32(SEED);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const hexDigit = () => pick('0123456789abcdefABCDEF'.split(''));
  const alphabet = [
    ...'0123456789abcdefABCDEF:-.  \t\n,;gGxXzZ_/\\'.split(''),
    '\u0000',
    '\u00a0',
    '\u200b',
    'é',
    '😀',
    '\ud800',
  ];

  const generators: Array<() => string> = [
    // random junk from a MAC-ish alphabet
    () => Array.from({ length: int(24) }, () => pick(alphabet)).join(''),
    // a valid MAC in a random style and case
    () => {
      const mac = Array.from({ length: 12 }, hexDigit).join('');
      return formatMac(
        mac,
        pick(MAC_STYLES),
        pick(['lower', 'upper'] as const),
      );
    },
    // a valid MAC with one character inserted, deleted or replaced
    () => {
      const mac = formatMac(
        Array.from({ length: 12 }, hexDigit).join(''),
        pick(MAC_STYLES),
      );
      const i = int(mac.length + 1);
      switch (int(3)) {
        case 0:
          return mac.slice(0, i) + pick(alphabet) + mac.slice(i);
        case 1:
          return mac.slice(0, i) + mac.slice(i + 1);
        default:
          return mac.slice(0, i) + pick(alphabet) + mac.slice(i + 1);
      }
    },
    // hex groups of random sizes joined by random separators
    () =>
      Array.from({ length: 1 + int(7) }, () =>
        Array.from({ length: int(7) }, hexDigit).join(''),
      ).join(pick([':', '-', '.', ''])),
    // whitespace padding and long inputs
    () =>
      pick([' ', '\t', '\n', '']) +
      Array.from({ length: int(120) }, hexDigit).join('') +
      pick([' ', '\r\n', '']),
  ];

  it(`handles ${ITERATIONS} random strings (seed ${SEED.toString(16)})`, () => {
    let accepted = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const input = generators[i % generators.length]();
      const where = `iteration ${i}, input ${JSON.stringify(input)}`;
      let out: string | undefined;
      try {
        out = normalizeMac(input);
      } catch (e) {
        if (!(e instanceof InvalidMacError)) {
          throw new Error(`${where}: threw ${String(e)}`);
        }
      }
      if (oracleAccepts(input) !== (out !== undefined)) {
        throw new Error(
          `${where}: oracle ${oracleAccepts(input)}, normalizeMac ${out}`,
        );
      }
      if (out === undefined) continue;
      accepted++;
      if (!/^[0-9a-f]{12}$/.test(out))
        throw new Error(`${where}: returned ${out}`);
      for (const style of MAC_STYLES) {
        for (const letterCase of ['lower', 'upper'] as const) {
          const back = normalizeMac(formatMac(out, style, letterCase));
          if (back !== out) {
            throw new Error(
              `${where}: ${style}/${letterCase} came back as ${back}`,
            );
          }
        }
      }
    }
    // Make sure the generators exercise both outcomes, not just rejections.
    expect(accepted).toBeGreaterThan(ITERATIONS / 5);
    expect(accepted).toBeLessThan(ITERATIONS);
  });

  it('parseMacList never throws and only returns canonical MACs', () => {
    const text = Array.from({ length: 2000 }, () =>
      generators[int(generators.length)](),
    ).join(pick([' ', '\n', ',', ';']));
    const { valid, invalid } = parseMacList(text);
    expect(valid.every(m => /^[0-9a-f]{12}$/.test(m))).toBe(true);
    expect(new Set(valid).size).toBe(valid.length);
    expect(invalid.every(x => x.reason.length > 0)).toBe(true);
  });
});
