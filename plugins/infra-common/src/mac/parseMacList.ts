import { checkMac } from './normalizeMac';

/** One token of a pasted list that is not a MAC address. @public */
export interface InvalidMacInput {
  input: string;
  reason: string;
}

/** @public */
export interface MacListResult {
  /** Canonical MACs (12 lower-case hex digits), each once, in order of first appearance. */
  valid: string[];
  /** Every rejected token, in input order. */
  invalid: InvalidMacInput[];
}

/**
 * Splits pasted text (one per line, or separated by spaces, commas or semicolons) into MAC
 * addresses. Never throws: callers show `invalid` next to the input so the user can fix it.
 *
 * @public
 */
export function parseMacList(text: string): MacListResult {
  const valid: string[] = [];
  const seen = new Set<string>();
  const invalid: InvalidMacInput[] = [];
  for (const token of String(text ?? '').split(/[\s,;]+/)) {
    if (token === '') continue;
    const result = checkMac(token);
    if ('reason' in result) {
      invalid.push({ input: token, reason: result.reason });
    } else if (!seen.has(result.mac)) {
      seen.add(result.mac);
      valid.push(result.mac);
    }
  }
  return { valid, invalid };
}
