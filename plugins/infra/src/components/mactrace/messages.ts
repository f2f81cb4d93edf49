import { ResponseError } from '@backstage/errors';
import { InvalidMacInput } from '@infra-inventory/plugin-infra-common';
import { errorMessage, errorStatus } from '../common/errors';

/** What a failed MAC trace call means for the user; 403 names the missing permission. */
export function macTraceErrorMessage(error: unknown, action: string): string {
  if (errorStatus(error) === 403) {
    return `${action} needs the infra.mactrace.run permission.`;
  }
  return `${action} failed: ${errorMessage(error)}`;
}

/** The per-MAC list the backend sends with a 400, if any. */
export function invalidMacsOf(error: unknown): InvalidMacInput[] | undefined {
  if (!ResponseError.is(error)) return undefined;
  const invalid = (error.body as { invalid?: unknown }).invalid;
  if (!Array.isArray(invalid)) return undefined;
  return invalid.filter(
    (i): i is InvalidMacInput =>
      i && typeof i.input === 'string' && typeof i.reason === 'string',
  );
}
