/**
 * NetBox 4.5+ v2 tokens (`nbt_<key>.<secret>`) go in a Bearer header; v1 tokens (40 hex characters,
 * deprecated in 4.6) in a `Token` header. The server tells them apart by the prefix too.
 */
export function authorizationHeader(token: string): string {
  const trimmed = token.trim();
  return trimmed.startsWith('nbt_') ? `Bearer ${trimmed}` : `Token ${trimmed}`;
}

/** Replaces every occurrence of `secret` so a token echoed by a proxy never reaches a log. */
export function redact(text: string, secret: string): string {
  const s = secret.trim();
  if (s.length < 4) return text;
  return text.split(s).join('[redacted]');
}
