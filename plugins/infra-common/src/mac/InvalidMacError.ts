/**
 * Thrown for a string that is not a MAC address in a notation we accept.
 *
 * infra-common must stay free of dependencies that the browser bundle does not already carry, so
 * this is not a `@backstage/errors` InputError. It carries `statusCode: 400` instead, which the
 * Backstage error middleware honours before it looks at the name, so a backend route that lets it
 * escape still answers 400 rather than 500.
 *
 * @public
 */
export class InvalidMacError extends Error {
  readonly name = 'InvalidMacError';
  readonly statusCode = 400;

  constructor(
    /** The string as given (untrimmed). */
    readonly input: string,
    /** Why it was rejected, phrased to follow "Invalid MAC address "x": ". */
    readonly reason: string,
  ) {
    super(`Invalid MAC address ${quoteForMessage(input)}: ${reason}`);
  }
}

const MAX_SHOWN = 40;

// The input may be long or contain control characters; JSON quoting makes both visible and keeps
// log lines on one line.
function quoteForMessage(input: string): string {
  const trimmed = input.trim();
  const shown =
    trimmed.length > MAX_SHOWN ? `${trimmed.slice(0, MAX_SHOWN)}…` : trimmed;
  return JSON.stringify(shown);
}
