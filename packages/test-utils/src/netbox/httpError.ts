import { Json } from './model';

/** A response NetBox would send instead of the normal one, with its body in NetBox's shape. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

export function detail(status: number, message: string): HttpError {
  return new HttpError(status, { detail: message });
}
