import { createHash } from 'node:crypto';

/** Backstage's rule for `metadata.name`: 1-63 chars, [a-zA-Z0-9] separated by [-_.]. */
const VALID_NAME = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;
const MAX_LENGTH = 63;
/** Hashed names by vCenter id and moref: every reference to such an object needs its name. */
const MAX_HASHED_NAMES = 50_000;
const hashedNames = new Map<string, string>();

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
  // entity refs compare case-insensitively, so only an all-lowercase moref may be used as is
  const direct = `${vcenterId}-${moref.value}`;
  if (direct.length <= MAX_LENGTH && VALID_NAME.test(direct)) return direct;
  // every reference to such an object hashes the same moref again: remember the names
  const key = `${vcenterId}\n${moref.type}\n${moref.value}`;
  let name = hashedNames.get(key);
  if (name === undefined) {
    const hash = createHash('sha256')
      .update(`${moref.type}:${moref.value}`)
      .digest('hex')
      .slice(0, 16);
    name = `${vcenterId}-${moref.type.toLowerCase().slice(0, 20)}-${hash}`;
    if (hashedNames.size >= MAX_HASHED_NAMES) hashedNames.clear();
    hashedNames.set(key, name);
  }
  return name;
}
