import { WarningPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';

/** The message a person can act on: the server's own message for failed requests, never a stack. */
export function errorMessage(error: unknown): string {
  if (ResponseError.is(error)) {
    const cause = error.cause?.message;
    return cause ? cause : error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** HTTP status of a failed request, if the error came from one. */
export function errorStatus(error: unknown): number | undefined {
  return ResponseError.is(error) ? error.statusCode : undefined;
}

/** A failed load: the title says what is missing, the message why. Expanded, without a stack. */
export function ErrorState(props: { title: string; error: unknown }) {
  return (
    <WarningPanel
      severity="error"
      title={props.title}
      message={errorMessage(props.error)}
      defaultExpanded
    />
  );
}
