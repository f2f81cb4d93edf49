import { InputError } from '@backstage/errors';

/** Namespace URIs the vim25 wire format uses. */
export const NS = {
  soapenv: 'http://schemas.xmlsoap.org/soap/envelope/',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  xsd: 'http://www.w3.org/2001/XMLSchema',
  vim25: 'urn:vim25',
} as const;

// XML 1.0 cannot carry these at all, not even as character references, so they are refused
// instead of producing a body vCenter would reject with a parse error far from the cause.
const INVALID_XML_CHARS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const ESCAPED = /[&<>"'\r]/g;
const REPLACEMENTS: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // a bare CR would be normalised to LF by the receiving parser
  '\r': '&#13;',
};

/**
 * Escapes text for element content or a double-quoted attribute. `what` names the value in the
 * error for characters XML 1.0 cannot represent; it must never be the value itself (passwords).
 */
export function escapeXml(text: string, what = 'a value'): string {
  if (INVALID_XML_CHARS.test(text)) {
    throw new InputError(
      `${what} contains a control character that XML cannot carry`,
    );
  }
  return text.replace(ESCAPED, c => REPLACEMENTS[c]);
}

/** `<name>escaped text</name>`. */
export function textElement(name: string, text: string, what?: string): string {
  return `<${name}>${escapeXml(text, what ?? name)}</${name}>`;
}
