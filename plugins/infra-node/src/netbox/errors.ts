import {
  ConflictError,
  CustomErrorBase,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** One message NetBox attached to a field; `index` is the item's position in a bulk request. */
export interface NetboxFieldError {
  /** Position of the item in a bulk body (absent for single-object requests). */
  index?: number;
  /** Id of the object, when NetBox names the failed object of a bulk update by id. */
  id?: number;
  /** Field name as NetBox reports it; nested fields are dotted (`tags[0].name`). */
  field: string;
  messages: string[];
}

/** Where a failed call went; carried by every NetBox error so callers can log it without the URL. */
export interface NetboxCallInfo {
  method: string;
  /** Path and query below the server root, never including credentials. */
  path: string;
  /** HTTP status, absent for network errors. */
  status?: number;
  /** Attempts made, retries included. */
  attempts: number;
}

// The Backstage error classes fix `name` (InputError, NotFoundError...) so error handlers map them
// to HTTP statuses; the NetBox details ride along as properties instead of a shared base class.
function attach(target: object, info: NetboxCallInfo): void {
  Object.assign(target, {
    method: info.method,
    path: info.path,
    status: info.status,
    attempts: info.attempts,
  });
}

/** 400: NetBox rejected the request body or a filter value. */
export class NetboxValidationError extends InputError {
  readonly method!: string;
  readonly path!: string;
  readonly status!: number;
  readonly attempts!: number;
  constructor(
    message: string,
    readonly fieldErrors: NetboxFieldError[],
    info: NetboxCallInfo,
  ) {
    super(message);
    attach(this, info);
  }
}

/** 404: the object (or one of the objects of a bulk update) does not exist. */
export class NetboxNotFoundError extends NotFoundError {
  readonly method!: string;
  readonly path!: string;
  readonly status?: number;
  readonly attempts!: number;
  constructor(message: string, info: NetboxCallInfo) {
    super(message);
    attach(this, info);
  }
}

/** 403: NetBox answers bad or missing tokens and missing permissions alike with 403, never 401. */
export class NetboxPermissionError extends NotAllowedError {
  readonly method!: string;
  readonly path!: string;
  readonly status!: number;
  readonly attempts!: number;
  constructor(message: string, info: NetboxCallInfo) {
    super(message);
    attach(this, info);
  }
}

/** 409 (dependent objects, allocation exhausted) or 412 (stale `If-Match`). */
export class NetboxConflictError extends ConflictError {
  readonly method!: string;
  readonly path!: string;
  readonly status!: number;
  readonly attempts!: number;
  constructor(message: string, info: NetboxCallInfo) {
    super(message);
    attach(this, info);
  }
}

/** Throttled, gateway errors or network failures that outlasted every retry. */
export class NetboxUnavailableError extends ServiceUnavailableError {
  readonly method!: string;
  readonly path!: string;
  readonly status?: number;
  readonly attempts!: number;
  constructor(message: string, info: NetboxCallInfo, cause?: unknown) {
    super(message, cause);
    attach(this, info);
  }
}

/** Anything else: unexpected statuses, bodies that are not the JSON NetBox sends. */
export class NetboxResponseError extends CustomErrorBase {
  readonly method!: string;
  readonly path!: string;
  readonly status?: number;
  readonly attempts!: number;
  constructor(message: string, info: NetboxCallInfo, cause?: unknown) {
    super(message, cause);
    attach(this, info);
  }
}

export type NetboxError =
  | NetboxValidationError
  | NetboxNotFoundError
  | NetboxPermissionError
  | NetboxConflictError
  | NetboxUnavailableError
  | NetboxResponseError;
