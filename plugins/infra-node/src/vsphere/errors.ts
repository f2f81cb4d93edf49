import { CustomErrorBase } from '@backstage/errors';
import type { VimValue } from './types';

/**
 * Errors of the vim25 client. Faults the server reports are {@link VimFault} (or one of its
 * subclasses); problems below SOAP (no connection, timeouts, bodies that are not SOAP) have
 * their own classes so callers can tell "vCenter said no" from "vCenter did not answer".
 */

/** A SOAP fault from vCenter. `faultType` is the vim25 fault type (`NoPermission`, ...). */
export class VimFault extends CustomErrorBase {
  name: string = 'VimFault';
  /** The vim25 fault type from `<detail>`, or `SoapFault` when there was none. */
  readonly faultType: string;
  /** The server's `faultstring`, possibly empty (vcsim often leaves it so). */
  readonly faultString: string;
  /** The method whose call failed. */
  readonly method: string;
  /** The fault's fields, decoded untyped (`{ name: 'bogus.path' }` for InvalidProperty). */
  readonly detail: { [field: string]: VimValue };

  constructor(info: {
    method: string;
    faultType: string;
    faultString: string;
    detail?: { [field: string]: VimValue };
  }) {
    super(
      `${info.method} failed with ${info.faultType}${
        info.faultString ? `: ${info.faultString}` : ''
      }`,
    );
    this.method = info.method;
    this.faultType = info.faultType;
    this.faultString = info.faultString;
    this.detail = info.detail ?? {};
  }
}

/** The session is missing, expired, or was terminated. */
export class NotAuthenticatedFault extends VimFault {
  name = 'NotAuthenticatedFault';
}

/** The user name or password was refused. */
export class InvalidLoginFault extends VimFault {
  name = 'InvalidLoginFault';
}

/** A property path (or a token, for ContinueRetrievePropertiesEx) is not valid. */
export class InvalidPropertyFault extends VimFault {
  name = 'InvalidPropertyFault';
}

/** The object no longer exists (or belonged to another session). */
export class ManagedObjectNotFoundFault extends VimFault {
  name = 'ManagedObjectNotFoundFault';
}

/** The server cancelled the request, e.g. WaitForUpdatesEx after CancelWaitForUpdates. */
export class RequestCanceledFault extends VimFault {
  name = 'RequestCanceledFault';
}

/** A WaitForUpdatesEx version the collector no longer knows: start again from a full read. */
export class InvalidCollectorVersionFault extends VimFault {
  name = 'InvalidCollectorVersionFault';
}

const FAULT_CLASSES: Record<string, typeof VimFault> = {
  NotAuthenticated: NotAuthenticatedFault,
  InvalidLogin: InvalidLoginFault,
  InvalidProperty: InvalidPropertyFault,
  ManagedObjectNotFound: ManagedObjectNotFoundFault,
  RequestCanceled: RequestCanceledFault,
  InvalidCollectorVersion: InvalidCollectorVersionFault,
};

/** The typed error for a fault of `faultType`. */
export function vimFault(
  info: ConstructorParameters<typeof VimFault>[0],
): VimFault {
  const Class = FAULT_CLASSES[info.faultType] ?? VimFault;
  return new Class(info);
}

/** vCenter could not be reached, or the connection broke before a response arrived. */
export class VimConnectionError extends CustomErrorBase {
  name = 'VimConnectionError' as const;
}

/** No complete response within the request timeout. */
export class VimTimeoutError extends CustomErrorBase {
  name = 'VimTimeoutError' as const;
}

/** The response was not the SOAP we expected (an HTML error page, malformed XML, ...). */
export class VimProtocolError extends CustomErrorBase {
  name = 'VimProtocolError' as const;
  /** The HTTP status, when the problem was an unexpected status. */
  statusCode?: number;
}
