export * from './types';
export { formatIp, parseIPv4, parseIPv6, parseIp } from './ip';
export type { ParsedIp } from './ip';
export {
  DEFAULT_EPG_NAME_PATTERN,
  checkCidr,
  checkCreateItem,
  checkUpdateItem,
} from './validation';
export type { CidrCheck } from './validation';
