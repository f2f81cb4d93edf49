import { createHash } from 'node:crypto';

/** Backstage's rule for `metadata.name`: 1-63 chars, [a-zA-Z0-9] separated by [-_.]. */
const VALID_NAME = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;
const MAX_LENGTH = 63;
/**
 * Names by vCenter id, moref type and moref value. A sync names every object once and every
 * reference to it again (a VM refers to its host, datastores and networks), so most calls
 * ask for a name already made; nested maps find it without building a key string first.
 */
const MAX_NAMES = 200_000;
const names = new Map<string, Map<string, Map<string, Named>>>();
let cached = 0;

/** An object's name, and the entity ref relations to it are written with. */
interface Named {
  name: string;
  ref: string;
}

/**
 * A stable, unique and valid `metadata.name` for a vSphere object: `<vcenterId>-<moref>` such as
 * `prod-vm-1234`. Morefs that are not valid name parts (vcsim's datastore morefs are file paths)
 * or contain capitals, or would make the name too long become `<vcenterId>-<type>-<hash>`, so the name never depends on
 * anything but the vCenter id and the moref.
 */
export function vsphereEntityName(
  vcenterId: string,
  moref: { type: string; value: string },
): string {
  return named(vcenterId, moref).name;
}

/**
 * `resource:default/<name>` of {@link vsphereEntityName}, the same string each time: a sync
 * writes the ref of a host, datastore or network into every VM that uses it, and relations are
 * then deduplicated and looked up by ref, which one string hashes and compares once.
 */
export function vsphereEntityRef(
  vcenterId: string,
  moref: { type: string; value: string },
): string {
  return named(vcenterId, moref).ref;
}

function named(
  vcenterId: string,
  moref: { type: string; value: string },
): Named {
  if (cached >= MAX_NAMES) {
    names.clear();
    cached = 0;
  }
  let byType = names.get(vcenterId);
  if (!byType) names.set(vcenterId, (byType = new Map()));
  let byValue = byType.get(moref.type);
  if (!byValue) byType.set(moref.type, (byValue = new Map()));
  let found = byValue.get(moref.value);
  if (found === undefined) {
    const name = makeName(vcenterId, moref);
    found = { name, ref: `resource:default/${name}` };
    byValue.set(detach(moref.value), found);
    cached++;
  }
  return found;
}

/**
 * A copy of `s` that shares no memory with it. Decoded values are slices of the response text,
 * and a slice keeps its whole parent (a 64 KiB piece of the body) alive: a module-level cache
 * must not hold them. Slicing a concatenation makes V8 copy it into a new flat string first.
 */
function detach(s: string): string {
  return ` ${s}`.slice(1);
}

function makeName(
  vcenterId: string,
  moref: { type: string; value: string },
): string {
  // entity refs compare case-insensitively, so only an all-lowercase moref may be used as is
  const direct = `${vcenterId}-${moref.value}`;
  if (direct.length <= MAX_LENGTH && VALID_NAME.test(direct)) {
    return detach(direct);
  }
  const hash = createHash('sha256')
    .update(`${moref.type}:${moref.value}`)
    .digest('hex')
    .slice(0, 16);
  return `${vcenterId}-${moref.type.toLowerCase().slice(0, 20)}-${hash}`;
}
