import { formatMac, MAC_STYLES } from './formatMac';
import { InvalidMacError } from './InvalidMacError';
import { normalizeMac } from './normalizeMac';

describe('formatMac', () => {
  it.each([
    ['colon', 'lower', '00:50:56:af:12:f5'],
    ['colon', 'upper', '00:50:56:AF:12:F5'],
    ['dash', 'lower', '00-50-56-af-12-f5'],
    ['dot', 'lower', '0050.56af.12f5'],
    ['dot', 'upper', '0050.56AF.12F5'],
    ['hp', 'lower', '005056-af12f5'],
    ['bare', 'upper', '005056AF12F5'],
  ] as const)('writes %s/%s', (style, letterCase, expected) => {
    expect(formatMac('005056af12f5', style, letterCase)).toBe(expected);
  });

  it('defaults to lower-case colons and accepts any accepted notation', () => {
    expect(formatMac('0050.56AF.12F5')).toBe('00:50:56:af:12:f5');
  });

  it('round-trips every style through normalizeMac', () => {
    for (const style of MAC_STYLES) {
      for (const letterCase of ['lower', 'upper'] as const) {
        expect(normalizeMac(formatMac('0a1b2c3d4e5f', style, letterCase))).toBe(
          '0a1b2c3d4e5f',
        );
      }
    }
  });

  it('rejects what is not a MAC address', () => {
    expect(() => formatMac('nope', 'dot')).toThrow(InvalidMacError);
  });

  it('rejects an unknown style from untyped callers', () => {
    expect(() => formatMac('005056af12f5', 'weird' as never)).toThrow(
      /Unknown MAC style "weird"/,
    );
  });
});
