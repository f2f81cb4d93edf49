/**
 * The vim25 data objects this client reads and writes, as plain TypeScript shapes. Only what the
 * read-only methods need; names follow the vSphere API reference.
 */

/** A managed object reference: `type` is the managed object type, `value` its id (`vm-42`). */
export interface MoRef {
  type: string;
  value: string;
}

/**
 * A decoded property value. Top-level values are decoded by their `xsi:type` (numbers, booleans,
 * dates, morefs, arrays); fields nested inside complex values arrive untyped on the wire and stay
 * strings, except nested morefs (recognised by their `type` attribute) and nested values that
 * carry an `xsd:` type of their own. A nested field that occurs once is a single value, several
 * times an array: use {@link asArray} where the schema says array.
 */
export type VimValue =
  | string
  | number
  | boolean
  | Date
  | MoRef
  | VimValue[]
  | { [field: string]: VimValue };

/** One `PropertySpec`: the paths to read on objects of `type` (and its subtypes). */
export interface PropertySpec {
  type: string;
  all?: boolean;
  pathSet?: readonly string[];
}

/** A named reference to a `TraversalSpec` defined elsewhere in the same filter. */
export interface SelectionSpec {
  name: string;
}

/** How the collector walks from one object to others. */
export interface TraversalSpec {
  name?: string;
  type: string;
  path: string;
  skip?: boolean;
  selectSet?: ReadonlyArray<TraversalSpec | SelectionSpec>;
}

/** A starting object for the collector. */
export interface ObjectSpec {
  obj: MoRef;
  skip?: boolean;
  selectSet?: ReadonlyArray<TraversalSpec | SelectionSpec>;
}

/** What to read: the properties (`propSet`) of which objects (`objectSet`). */
export interface PropertyFilterSpec {
  propSet: readonly PropertySpec[];
  objectSet: readonly ObjectSpec[];
  /** When true, a vanished object is reported in `missingSet` instead of failing the call. */
  reportMissingObjectsInResults?: boolean;
}

/** `RetrieveOptions`: an upper bound on objects per page (vCenter may return fewer). */
export interface RetrieveOptions {
  maxObjects?: number;
}

/** `WaitOptions` of WaitForUpdatesEx. */
export interface WaitOptions {
  /** 0 returns at once; unset waits until there is a change. */
  maxWaitSeconds?: number;
  maxObjectUpdates?: number;
}

/** A property that could not be read, with the fault vCenter gave for it. */
export interface MissingProperty {
  path: string;
  /** The fault's type, e.g. `InvalidProperty`, `NotAuthenticated`, `NoPermission`. */
  faultType: string;
  fault: { [field: string]: VimValue };
  localizedMessage?: string;
}

/** One object of a RetrievePropertiesEx page. */
export interface ObjectContent {
  obj: MoRef;
  /** Property path to decoded value. Paths whose value is unset are absent. */
  props: Record<string, VimValue>;
  /** Property path to the value's `xsi:type` (`xsd:int`, `VmwareDistributedVirtualSwitchVlanIdSpec`). */
  types: Record<string, string>;
  missing: MissingProperty[];
}

/** One change of a WaitForUpdatesEx `ObjectUpdate`. */
export interface PropertyChange {
  name: string;
  op: 'add' | 'remove' | 'assign' | 'indirectRemove';
  /** Absent for `remove` and for an `assign` that unsets the property. */
  val?: VimValue;
  type?: string;
}

/** One object of a WaitForUpdatesEx result. */
export interface ObjectUpdate {
  /** The filter that produced the update. */
  filter: MoRef;
  kind: 'enter' | 'modify' | 'leave';
  obj: MoRef;
  changes: PropertyChange[];
  missing: MissingProperty[];
}

/** The subset of `ServiceContent` this client uses. */
export interface ServiceContent {
  rootFolder: MoRef;
  propertyCollector: MoRef;
  viewManager: MoRef;
  sessionManager: MoRef;
  alarmManager?: MoRef;
  about: {
    name: string;
    fullName: string;
    version: string;
    build: string;
    apiType: string;
    apiVersion: string;
    instanceUuid?: string;
  };
}

/** The subset of `UserSession` returned by Login. */
export interface UserSession {
  key: string;
  userName: string;
  loginTime?: string;
}

/** True when `value` is a decoded {@link MoRef}. */
export function isMoRef(value: unknown): value is MoRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    Object.keys(value).length === 2 &&
    typeof (value as MoRef).type === 'string' &&
    typeof (value as MoRef).value === 'string'
  );
}

/** `undefined` to `[]`, a single value to `[value]`, an array to itself. */
export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** `type:value`, a stable key for maps of morefs. */
export function moRefKey(ref: MoRef): string {
  return `${ref.type}:${ref.value}`;
}
