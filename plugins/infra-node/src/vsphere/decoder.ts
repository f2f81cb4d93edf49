import { NS } from './xml';
import { VimProtocolError } from './errors';

/**
 * One element of a response, as far as the decoder keeps it. Only the part of the tree that has
 * not been handed to a stream handler is ever held, so a 25 MB page costs one object at a time.
 */
export interface XmlNode {
  /** Local name; prefixes and namespaces of elements carry no meaning in vim25 bodies. */
  name: string;
  /**
   * The `xsi:type`, found under whatever prefix binds the XMLSchema-instance namespace (vcsim
   * writes `XMLSchema-instance:type`, vCenter `xsi:type`). XML Schema types read `xsd:int`,
   * vim25 types their bare name (`ArrayOfString`).
   */
  xsiType?: string;
  /** The unqualified `type` attribute, which only morefs carry. */
  moType?: string;
  text: string;
  children?: XmlNode[];
}

/** Called with a streamed element once it is complete, and the element that contains it. */
export type StreamHandler = (node: XmlNode, parent: XmlNode) => void;

/** What a response body held once fully read. */
export type DecodedBody =
  | { kind: 'response'; response: XmlNode }
  | { kind: 'fault'; fault: XmlNode };

const LT = 60; // <
const GT = 62; // >
const SLASH = 47; // /
const BANG = 33; // !
const QUESTION = 63; // ?
const EQUALS = 61; // =
const QUOT = 34; // "
const APOS = 39; // '
const AMP = 38; // &
const CR = 13;

const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;

/** Per ASCII character: 1 ends a name (space, '>', '/', '='), 2 may not appear in one. */
const NAME_CLASS = new Uint8Array(128);
for (const c of [32, 10, 9, 13, GT, SLASH, EQUALS]) NAME_CLASS[c] = 1;
for (const c of [LT, AMP, QUOT, APOS]) NAME_CLASS[c] = 2;

const PREDEFINED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/** What the tokenizer reports. */
interface TokenHandler {
  /** A start tag; `attributes` alternates names and values. */
  open(qname: string, attributes: string[]): void;
  text(text: string): void;
  close(): void;
}

/**
 * A push tokenizer for the XML vim25 speaks, in place of a general-purpose SAX parser: elements,
 * attributes, text, character and predefined entity references, CDATA, comments and processing
 * instructions. It finds delimiters with `indexOf` and hands out slices, instead of stepping a
 * state machine through every character; on large pages that is several times faster. It keeps
 * the checks that matter for a response (end tags match, one root element, no text outside it,
 * nothing left open at the end, only known references) and refuses DTDs, which vim25 never
 * sends. Errors are plain `Error`s with a message; the decoder wraps them.
 */
export class XmlTokenizer {
  /** The unconsumed end of the previous piece: an incomplete tag, reference or CR. */
  private rest = '';
  private readonly open: string[] = [];
  private sawRoot = false;
  private readonly attributes: string[] = [];

  constructor(private readonly handler: TokenHandler) {}

  write(chunk: string): void {
    const s = this.rest ? this.rest + chunk : chunk;
    const pos = this.scan(s, false);
    this.rest = pos < s.length ? s.slice(pos) : '';
  }

  end(): void {
    const s = this.rest;
    this.rest = '';
    this.scan(s, true);
    if (this.open.length) {
      throw new Error(`unclosed tag <${this.open[this.open.length - 1]}>`);
    }
    if (!this.sawRoot) throw new Error('the document has no root element');
  }

  /** Consumes what it can of `s`; returns where the unconsumed rest starts. */
  private scan(s: string, final: boolean): number {
    const len = s.length;
    let pos = 0;
    while (pos < len) {
      if (s.charCodeAt(pos) !== LT) {
        let end = s.indexOf('<', pos);
        if (end < 0) {
          end = len;
          if (!final) {
            // a reference or a CR LF the next piece may complete stays for later
            const amp = s.lastIndexOf('&');
            if (amp >= pos && s.indexOf(';', amp) < 0) end = amp;
            else if (s.charCodeAt(len - 1) === CR) end = len - 1;
          }
          if (end > pos) this.text(s.slice(pos, end));
          return end;
        }
        this.text(s.slice(pos, end));
        pos = end;
      }
      if (pos + 1 >= len) break;
      const next = s.charCodeAt(pos + 1);
      if (next === SLASH) {
        const end = s.indexOf('>', pos + 2);
        if (end < 0) break;
        let nameEnd = end;
        while (nameEnd > pos + 2 && isSpace(s.charCodeAt(nameEnd - 1))) {
          nameEnd--;
        }
        this.closeTag(s.slice(pos + 2, nameEnd));
        pos = end + 1;
      } else if (next === QUESTION) {
        const end = s.indexOf('?>', pos + 2);
        if (end < 0) break;
        pos = end + 2;
      } else if (next === BANG) {
        if (s.startsWith('<!--', pos)) {
          const end = s.indexOf('-->', pos + 4);
          if (end < 0) break;
          pos = end + 3;
        } else if (s.startsWith('<![CDATA[', pos)) {
          const end = s.indexOf(']]>', pos + 9);
          if (end < 0) break;
          if (this.open.length === 0) {
            throw new Error('CDATA outside the root element');
          }
          const data = s.slice(pos + 9, end);
          if (data) this.handler.text(normaliseLineEnds(data));
          pos = end + 3;
        } else if (len - pos < 9 && !final) {
          break;
        } else {
          throw new Error(
            `unexpected ${s.slice(pos, pos + 12)}: DTDs are not accepted`,
          );
        }
      } else {
        const end = this.openTag(s, pos);
        if (end < 0) break;
        pos = end;
      }
    }
    if (final && pos < len) {
      throw new Error(`the body ends inside markup: ${s.slice(pos, pos + 40)}`);
    }
    return pos;
  }

  /** Reads the start tag at `pos`; returns the position after it, or -1 if it is incomplete. */
  private openTag(s: string, pos: number): number {
    const len = s.length;
    let i = pos + 1;
    let markup = false;
    for (; i < len; i++) {
      const c = s.charCodeAt(i);
      const kind = c < 128 ? NAME_CLASS[c] : 0;
      if (kind === 1) break;
      if (kind === 2) markup = true;
    }
    if (i >= len) return -1;
    const qname = s.slice(pos + 1, i);
    if (markup || !validName(qname)) {
      throw new Error(`invalid tag name '${qname}'`);
    }
    // one array for every tag: the handler is done with it when open() returns
    const attributes = this.attributes;
    attributes.length = 0;
    for (;;) {
      const before = i;
      while (i < len && isSpace(s.charCodeAt(i))) i++;
      if (i >= len) return -1;
      const c = s.charCodeAt(i);
      if (c === GT) {
        this.openElement(qname, attributes, false);
        return i + 1;
      }
      if (c === SLASH) {
        if (i + 1 >= len) return -1;
        if (s.charCodeAt(i + 1) !== GT) {
          throw new Error(`unexpected '/' in <${qname}>`);
        }
        this.openElement(qname, attributes, true);
        return i + 2;
      }
      if (i === before) {
        throw new Error(`no space before an attribute of <${qname}>`);
      }
      const nameStart = i;
      for (; i < len; i++) {
        const n = s.charCodeAt(i);
        const kind = n < 128 ? NAME_CLASS[n] : 0;
        if (kind === 1) break;
        if (kind === 2) markup = true;
      }
      const name = s.slice(nameStart, i);
      while (i < len && isSpace(s.charCodeAt(i))) i++;
      if (i >= len) return -1;
      if (markup || !validName(name) || s.charCodeAt(i) !== EQUALS) {
        throw new Error(`attribute '${name}' of <${qname}> has no value`);
      }
      i++;
      while (i < len && isSpace(s.charCodeAt(i))) i++;
      if (i >= len) return -1;
      const quote = s.charCodeAt(i);
      if (quote !== QUOT && quote !== APOS) {
        throw new Error(`attribute '${name}' of <${qname}> is not quoted`);
      }
      const valueEnd = s.indexOf(quote === QUOT ? '"' : "'", i + 1);
      if (valueEnd < 0) return -1;
      const raw = s.slice(i + 1, valueEnd);
      if (raw.indexOf('<') >= 0) {
        throw new Error(`'<' in the value of attribute '${name}'`);
      }
      attributes.push(name, attributeValue(raw));
      i = valueEnd + 1;
    }
  }

  private openElement(qname: string, attributes: string[], empty: boolean) {
    if (this.open.length === 0 && this.sawRoot) {
      throw new Error(`a second root element <${qname}>`);
    }
    this.sawRoot = true;
    this.open.push(qname);
    this.handler.open(qname, attributes);
    if (empty) this.closeTag(qname);
  }

  private closeTag(qname: string) {
    const expected = this.open.pop();
    if (expected !== qname) {
      throw new Error(
        expected === undefined
          ? `unexpected end tag </${qname}>`
          : `end tag </${qname}> does not match <${expected}>`,
      );
    }
    this.handler.close();
  }

  private text(raw: string) {
    let t = raw.indexOf('\r') >= 0 ? normaliseLineEnds(raw) : raw;
    if (t.indexOf('&') >= 0) t = resolveReferences(t);
    if (this.open.length === 0) {
      for (let k = 0; k < t.length; k++) {
        if (!isSpace(t.charCodeAt(k))) {
          throw new Error('text outside the root element');
        }
      }
      return;
    }
    this.handler.text(t);
  }
}

/** The first character of a name (the rest is checked while scanning it). */
function validName(name: string): boolean {
  if (!name) return false;
  const c = name.charCodeAt(0);
  // not a digit, '-', '.', '!' or '?'
  return !(
    (c >= 48 && c <= 57) ||
    c === 45 ||
    c === 46 ||
    c === BANG ||
    c === QUESTION ||
    c === 59
  );
}

function normaliseLineEnds(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function attributeValue(raw: string): string {
  if (
    raw.indexOf('&') < 0 &&
    raw.indexOf('\n') < 0 &&
    raw.indexOf('\t') < 0 &&
    raw.indexOf('\r') < 0
  ) {
    return raw;
  }
  const v = raw.replace(/\r\n|[\t\n\r]/g, ' ');
  return v.indexOf('&') >= 0 ? resolveReferences(v) : v;
}

/** Resolves the predefined entity and character references of `text`. */
function resolveReferences(text: string): string {
  let out = '';
  let from = 0;
  for (let amp = text.indexOf('&'); amp >= 0; amp = text.indexOf('&', from)) {
    const semi = text.indexOf(';', amp + 1);
    const ref = semi < 0 ? '' : text.slice(amp + 1, semi);
    let value: string | undefined;
    if (ref.charCodeAt(0) === 35 /* # */) {
      const hex = /^#x[0-9a-fA-F]+$/.test(ref);
      if (hex || /^#[0-9]+$/.test(ref)) {
        const code = parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10);
        if (code > 0 && code <= 0x10ffff) value = String.fromCodePoint(code);
      }
    } else {
      value = PREDEFINED[ref];
    }
    if (value === undefined) {
      throw new Error(
        `'${text.slice(
          amp,
          semi < 0 ? amp + 12 : semi + 1,
        )}' is not a reference XML defines`,
      );
    }
    out += text.slice(from, amp) + value;
    from = semi + 1;
  }
  return out + text.slice(from);
}

/** An error of the decoder's own or of a stream handler, passed through the tokenizer as is. */
class HandlerFailure extends Error {
  constructor(readonly cause: Error) {
    super(cause?.message);
  }
}

/**
 * A push decoder for a vim25 response body. `streamAt` maps paths below the method's response
 * element (`returnval/objects`) to handlers: elements at those paths are decoded as they
 * complete and then dropped, everything else is kept for {@link ResponseDecoder.close}.
 */
export class ResponseDecoder {
  // namespaces are not processed in general: the few bindings that matter (the envelope's, and
  // the XMLSchema-instance one vcsim declares on every value) are tracked here instead
  private readonly tokenizer = new XmlTokenizer({
    open: (qname, attributes) => this.open(qname, attributes),
    text: text => this.addText(text),
    close: () => this.closeElement(),
  });
  private readonly stack: XmlNode[] = [];
  /** Namespace declarations per open element (undefined: none), parallel to `stack`. */
  // flat triples (depth, prefix, uri), innermost last: no object per element that declares one
  private readonly bindings: Array<number | string> = [];
  private readonly path: string[] = [];
  private readonly maxStreamDepth: number;
  private streamRootDepth = -1;
  private body?: XmlNode;
  private top?: XmlNode;
  private topIsFault = false;
  private failure?: Error;

  constructor(private readonly streamAt: Record<string, StreamHandler> = {}) {
    this.maxStreamDepth = Math.max(
      0,
      ...Object.keys(streamAt).map(p => p.split('/').length),
    );
  }

  /** Feeds the next piece of the body. Throws {@link VimProtocolError} on malformed XML. */
  write(chunk: string): void {
    this.check();
    try {
      this.tokenizer.write(chunk);
    } catch (err) {
      this.fail(err);
    }
    this.check();
  }

  /** Ends the body and returns the method response (or the fault) it held. */
  close(): DecodedBody {
    this.check();
    try {
      this.tokenizer.end();
    } catch (err) {
      this.fail(err);
    }
    this.check();
    if (!this.top) {
      throw new VimProtocolError('the response body had no SOAP Body content');
    }
    return this.topIsFault
      ? { kind: 'fault', fault: this.top }
      : { kind: 'response', response: this.top };
  }

  private fail(err: unknown) {
    // the first failure is the useful one; a handler's own error is kept as it is
    this.failure ??=
      err instanceof HandlerFailure
        ? err.cause
        : new VimProtocolError(
            `the response is not well-formed XML: ${(err as Error).message}`,
          );
  }

  private check() {
    if (this.failure) throw this.failure;
  }

  private open(qname: string, attributes: string[]) {
    const depth = this.stack.length + 1;
    const colon = qname.indexOf(':');
    const node: XmlNode = {
      name: colon < 0 ? qname : qname.slice(colon + 1),
      text: '',
    };

    let typed: string | undefined;
    let typedPrefix = '';
    for (let i = 0; i < attributes.length; i += 2) {
      const name = attributes[i];
      if (name.startsWith('xmlns')) {
        if (name === 'xmlns') {
          this.bindings.push(depth, '', attributes[i + 1]);
        } else if (name.charCodeAt(5) === 58 /* : */) {
          this.bindings.push(depth, name.slice(6), attributes[i + 1]);
        }
      } else if (name === 'type') {
        node.moType = attributes[i + 1];
      } else if (name.endsWith(':type')) {
        typed = attributes[i + 1];
        typedPrefix = name.slice(0, -5);
      }
    }
    if (typed !== undefined && this.resolve(typedPrefix) === NS.xsi) {
      node.xsiType = this.qualifiedType(typed);
    }

    // Envelope (1) > Body (2) > method response or Fault (3) > ...
    if (depth === 1) {
      if (node.name !== 'Envelope' || this.uriOf(qname, colon) !== NS.soapenv) {
        throw new HandlerFailure(
          new VimProtocolError(
            `the response's root element is <${qname}>, not a SOAP Envelope`,
          ),
        );
      }
    } else if (depth === 2) {
      if (node.name === 'Body') this.body = node;
    } else if (depth === 3) {
      if (this.stack[1] === this.body && !this.top) {
        this.top = node;
        this.topIsFault =
          node.name === 'Fault' && this.uriOf(qname, colon) === NS.soapenv;
      }
    } else {
      this.path.push(node.name);
      const parent = this.stack[this.stack.length - 1];
      if (
        this.streamRootDepth < 0 &&
        this.path.length <= this.maxStreamDepth &&
        this.top === this.stack[2] &&
        this.streamAt[this.path.join('/')]
      ) {
        this.streamRootDepth = depth;
      } else {
        (parent.children ??= []).push(node);
      }
    }
    this.stack.push(node);
  }

  private addText(text: string) {
    const node = this.stack[this.stack.length - 1];
    if (node) node.text += text;
  }

  private closeElement() {
    const depth = this.stack.length;
    const node = this.stack.pop()!;
    const b = this.bindings;
    while (b.length && b[b.length - 3] === depth) b.length -= 3;
    if (depth > 3) {
      if (depth === this.streamRootDepth) {
        this.streamRootDepth = -1;
        const handler = this.streamAt[this.path.join('/')];
        try {
          handler(node, this.stack[this.stack.length - 1]);
        } catch (err) {
          // a handler's failure ends the read like a parse error would
          throw new HandlerFailure(err as Error);
        }
      }
      this.path.pop();
    }
  }

  /** The namespace bound to `prefix` ('' for the default namespace) where the parser is. */
  private resolve(prefix: string): string | undefined {
    const b = this.bindings;
    for (let i = b.length - 2; i > 0; i -= 3) {
      if (b[i] === prefix) return b[i + 1] as string;
    }
    return undefined;
  }

  private uriOf(qname: string, colon: number): string | undefined {
    return this.resolve(colon < 0 ? '' : qname.slice(0, colon));
  }

  /** `xsd:int` for XML Schema types under any prefix, the bare local name for vim25 types. */
  private qualifiedType(value: string): string {
    const colon = value.indexOf(':');
    if (colon < 0) return value;
    const local = value.slice(colon + 1);
    return this.resolve(value.slice(0, colon)) === NS.xsd
      ? `xsd:${local}`
      : local;
  }
}
