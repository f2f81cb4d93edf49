/**
 * A fresh idempotency key. `crypto.randomUUID` needs a secure context (https or localhost);
 * elsewhere random bytes from `getRandomValues` serve, which every browser has.
 */
export function newRequestId(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = c.getRandomValues(new Uint8Array(16));
  return `segments-${Array.from(bytes, b =>
    b.toString(16).padStart(2, '0'),
  ).join('')}`;
}
