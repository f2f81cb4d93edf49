import { InvalidMacError } from './InvalidMacError';
import { isMac12, normalizeMac, tryNormalizeMac } from './normalizeMac';

describe('normalizeMac', () => {
  it.each([
    ['aa:bb:cc:dd:ee:ff', 'aabbccddeeff'],
    ['AA:BB:CC:DD:EE:FF', 'aabbccddeeff'],
    ['aa-bb-cc-dd-ee-ff', 'aabbccddeeff'],
    ['aabb.ccdd.eeff', 'aabbccddeeff'],
    ['AABB.CCDD.EEFF', 'aabbccddeeff'],
    ['aabb-ccdd-eeff', 'aabbccddeeff'],
    ['aabbcc-ddeeff', 'aabbccddeeff'],
    ['aabbccddeeff', 'aabbccddeeff'],
    ['AaBbCcDdEeFf', 'aabbccddeeff'],
    ['  00:50:56:af:12:f5 \n', '005056af12f5'],
    ['\t0011.2233.4455', '001122334455'],
    ['500000-260000', '500000260000'],
  ])('accepts %j', (input, expected) => {
    expect(normalizeMac(input)).toBe(expected);
    expect(tryNormalizeMac(input)).toBe(expected);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['aa:bb:cc:dd:ee', /10 hex digits/],
    ['aa:bb:cc:dd:ee:ff:00', /14 hex digits/],
    ['aabbccddeef', /11 hex digits/],
    ['aa:bb-cc:dd:ee:ff', /mixes separators ":" and "-"/],
    ['aabb.ccdd-eeff', /mixes separators/],
    ['aa:bb:cc:dd:ee:fg', /unexpected character "g" at position 17/],
    ['aa bb cc dd ee ff', /unexpected character U\+0020/],
    ['0xaabbccddeeff', /unexpected character "x"/],
    ['aabb:ccdd:eeff', /3 groups of 4 separated by ":"/],
    ['aa.bb.cc.dd.ee.ff', /6 groups of 2 separated by "."/],
    ['aabbcc.ddeeff', /2 groups of 6 separated by "."/],
    ['aab-bcc-dde-eff', /4 groups of 3/],
    ['aa:bbb:cc:dd:ee:f', /unequal lengths \(2-3-2-2-2-1\)/],
    ['a:b:c:d:e:f:0:1:2:3:4:5', /12 groups of 1/],
    [':aabbccddeeff', /at the start, at the end or twice/],
    ['aa::bbccddeeff', /twice in a row/],
    ['x'.repeat(100), /100 characters long/],
    ['aa:bb:cc:dd:ee:ff\u0000', /U\+0000/],
  ])('rejects %j', (input, reason) => {
    expect(tryNormalizeMac(input)).toBeUndefined();
    let error: unknown;
    try {
      normalizeMac(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidMacError);
    const err = error as InvalidMacError;
    expect(err.name).toBe('InvalidMacError');
    expect(err.statusCode).toBe(400);
    expect(err.input).toBe(input);
    expect(err.reason).toMatch(reason);
    expect(err.message).toMatch(/^Invalid MAC address ".*": /);
  });

  it('keeps long inputs out of the message', () => {
    expect(() => normalizeMac('z'.repeat(500))).toThrow(
      /^Invalid MAC address "z{40}…": it is 500 characters long/,
    );
  });

  it('isMac12 accepts only the canonical form', () => {
    expect(isMac12('aabbccddeeff')).toBe(true);
    expect(isMac12('AABBCCDDEEFF')).toBe(false);
    expect(isMac12('aa:bb:cc:dd:ee:ff')).toBe(false);
    expect(isMac12(' aabbccddeeff')).toBe(false);
    expect(isMac12(42)).toBe(false);
  });
});
