export { InvalidMacError } from './InvalidMacError';
export {
  MAC12_PATTERN,
  isMac12,
  normalizeMac,
  tryNormalizeMac,
} from './normalizeMac';
export { MAC_STYLES, formatMac } from './formatMac';
export type { MacLetterCase, MacStyle } from './formatMac';
export { parseMacList } from './parseMacList';
export type { InvalidMacInput, MacListResult } from './parseMacList';
