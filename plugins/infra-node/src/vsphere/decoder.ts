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

/**
 * Called with a streamed element once it is complete, and the element that contains it. The
 * nodes are read, not changed: the decoder hands the same `<name>` node to every propSet of a
 * property.
 */
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
const COLON = 58; // :
const CR = 13;

const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;

/**
 * Per ASCII character: 1 ends a name (space, '>', '/', '='), 2 may not appear in one, 3 is the
 * colon of a prefixed name. Every other character is 0, so a name is scanned with one test each.
 */
const NAME_CLASS = new Uint8Array(128);
for (const c of [32, 10, 9, 13, GT, SLASH, EQUALS]) NAME_CLASS[c] = 1;
for (const c of [LT, AMP, QUOT, APOS]) NAME_CLASS[c] = 2;
NAME_CLASS[COLON] = 3;

const PREDEFINED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

const XMLNS = 'xmlns';
const XSD_PREFIX = 'xsd';

/**
 * A start tag with attributes seen before, by its exact text, and what its attributes meant:
 * vim25 bodies repeat a few dozen such tags (`<val xmlns:XMLSchema-instance=... type="...">`)
 * tens of thousands of times. Only what the tag itself says is kept; the namespaces its
 * prefixes resolve to are looked up again on every use, as for a tag read the long way.
 */
interface SeenTag {
  text: string;
  qname: string;
  name: string;
  colon: number;
  moType: string | undefined;
  typed: string | undefined;
  typedPrefix: string;
  /** Namespace declarations of the tag, as pairs (prefix, uri). */
  declares: string[];
  empty: boolean;
  /** `</qname>` */
  endTag: string;
}

/** A property name of a page, as read and as written, and the one that followed it last time. */
interface PropertyName {
  text: string;
  /**
   * Its `<name>` node, one for every propSet that names it: the decoder never changes a node
   * once it is closed, and a page has tens of thousands of them.
   */
  node: XmlNode;
  next: PropertyName | undefined;
  /** The name as written, its end tag and the start tag of `val` it came with last time. */
  tail: string;
  /** `</val></propSet><propSet><name>` and the tail: how the name follows a value. */
  follow: string;
  tag: SeenTag | undefined;
  /** The text of its last value, or of each of its items. */
  values: Array<string | undefined>;
}

/** A property name not yet seen followed by anything. */
function newPropertyName(text: string): PropertyName {
  return {
    text,
    node: xmlNode('name', undefined, undefined, text),
    next: undefined,
    tail: '',
    follow: '',
    tag: undefined,
    values: [],
  };
}

/** How many distinct property names are remembered (a page has ~50). */
const PROPERTY_NAMES = 256;
const PROPSET_NAME = '<propSet><name>';
const NAME_END = '</name>';
const VAL_START = '<val ';
const VAL_PROPSET_END = '</val></propSet>';
const VAL_END_NEXT = VAL_PROPSET_END + PROPSET_NAME;

/** How many distinct start tags with attributes are remembered (a vim25 body has ~30). */
const SEEN_TAGS = 64;
/** Longer tags are read the long way every time; they are rare and remembering them costs. */
const SEEN_TAG_MAX_LENGTH = 400;

/** A syntax error of the body; the decoder reports it as not well-formed XML. */
class XmlSyntaxError extends Error {}

/** An error of the decoder's own or of a stream handler, passed through the scanner as is. */
class HandlerFailure extends Error {
  constructor(readonly cause: Error) {
    super(cause?.message);
  }
}

/**
 * A push decoder for a vim25 response body. `streamAt` maps paths below the method's response
 * element (`returnval/objects`) to handlers: elements at those paths are decoded as they
 * complete and then dropped, everything else is kept for {@link ResponseDecoder.close}.
 *
 * It reads the XML vim25 speaks with its own scanner rather than a general-purpose SAX parser:
 * elements, attributes, text, character and predefined entity references, CDATA, comments and
 * processing instructions. Delimiters are found with `indexOf` and names, values and text are
 * slices of the received text; the tree is built in the same pass, with no event objects or
 * attribute lists in between. It keeps the checks that matter for a response (end tags match,
 * one root element, no text outside it, nothing left open at the end, only known references)
 * and refuses DTDs, which vim25 never sends.
 *
 * Namespaces are not processed in general: the few bindings that matter (the envelope's, and the
 * XMLSchema-instance one vcsim declares on every value) are tracked instead.
 */
export class ResponseDecoder {
  /** The unconsumed end of the previous piece: an incomplete tag, reference or CR. */
  private rest = '';
  private sawRoot = false;
  /** Open elements, outermost first, and their qualified names for matching end tags. */
  private readonly stack: XmlNode[] = [];
  private readonly qnames: string[] = [];
  /**
   * Namespace declarations in scope, innermost last, as flat triples (depth, prefix, uri) of
   * which the first `bindingCount` are live: no object per element that declares one, and no
   * shrinking of the array when a value element that declared one closes.
   */
  private readonly bindings: Array<number | string> = [];
  private bindingCount = 0;
  /** The last `xmlns:` prefix seen, reused instead of slicing the same name again. */
  private lastPrefix = '';
  /**
   * Start tag names recently opened, two per depth (most recent first), and the exact text of
   * the last XMLSchema-instance declaration and of the last `<prefix>:type=` seen: vim25 bodies
   * repeat them on every value, and a start tag that begins with them needs no scanning.
   */
  private readonly recentNames: string[] = [];
  private lastDeclaration = '';
  private lastDeclarationPrefix = '';
  private lastDeclarationUri = '';
  private lastTypeStart = '';
  private lastTypeQuote = '"';
  private lastTypePrefix = '';
  /** Start tags with attributes seen so far, and their lengths (checked first). */
  private readonly seenTags: SeenTag[] = [];
  private readonly seenLengths: number[] = [];
  private nextSeen = 0;
  /** Property names read so far, and the last one. */
  private readonly propertyNames = new Map<string, PropertyName>();
  /** Where the end tag after the value or items last read starts. */
  private valueEnd = 0;
  private lastName: PropertyName = newPropertyName('');
  /** Names below the response element (depth 4 on), while a stream path could still match. */
  private readonly path: string[] = [];
  /** The handlers of the paths in `path`, by depth. */
  private readonly pathHandlers: Array<StreamHandler | undefined> = [];
  private readonly maxStreamDepth: number;
  private streamRootDepth = -1;
  /** The handler of the streamed element open at `streamRootDepth`. */
  private streamHandler?: StreamHandler;
  /**
   * Streamed elements completed during the current piece, as triples (handler, node, parent),
   * handed out when the piece is scanned: the scanner itself never calls a handler, so its
   * optimized code does not depend on the closures of one call (which die with the call).
   */
  private readonly completed: Array<StreamHandler | XmlNode> = [];
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
      let from = 0;
      let rest = this.rest;
      // The item the previous piece cut off is finished on a short string, and the piece itself
      // is scanned in place: `rest + chunk` would be a cons string, slower to read throughout.
      for (let take = chunk.indexOf('>') + 1; rest; ) {
        if (take <= 0) take = chunk.length;
        const head = rest + chunk.slice(0, take);
        const pos = this.scan(head, 0, false);
        if (pos >= rest.length) {
          from = pos - rest.length;
          rest = '';
        } else if (take >= chunk.length) {
          from = chunk.length;
          rest = head.slice(pos);
        } else {
          rest = rest.slice(pos);
          take = chunk.indexOf('>', take) + 1;
          continue;
        }
        break;
      }
      if (from < chunk.length) {
        const pos = this.scan(chunk, from, false);
        rest = pos < chunk.length ? chunk.slice(pos) : '';
      }
      this.rest = rest;
      if (this.completed.length) this.deliver();
    } catch (err) {
      this.fail(err);
    }
    this.check();
  }

  /** Ends the body and returns the method response (or the fault) it held. */
  close(): DecodedBody {
    this.check();
    try {
      const s = this.rest;
      this.rest = '';
      this.scan(s, 0, true);
      if (this.completed.length) this.deliver();
      if (this.stack.length) {
        throw new XmlSyntaxError(
          `unclosed tag <${this.qnames[this.qnames.length - 1]}>`,
        );
      }
      if (!this.sawRoot) {
        throw new XmlSyntaxError('the document has no root element');
      }
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

  /** Hands the streamed elements completed so far to their handlers, in document order. */
  private deliver() {
    const done = this.completed;
    try {
      for (let i = 0; i < done.length; i += 3) {
        (done[i] as StreamHandler)(
          done[i + 1] as XmlNode,
          done[i + 2] as XmlNode,
        );
      }
    } catch (err) {
      // a handler's failure ends the read like a parse error would
      throw new HandlerFailure(err as Error);
    } finally {
      done.length = 0;
    }
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

  /** Consumes what it can of `s` from `from` on; returns where the unconsumed rest starts. */
  private scan(s: string, from: number, final: boolean): number {
    const len = s.length;
    const qnames = this.qnames;
    let pos = from;
    while (pos < len) {
      if (s.charCodeAt(pos) !== LT) {
        let end = s.indexOf('<', pos);
        if (end < 0) {
          end = len;
          if (!final) {
            // a reference or a CR LF the next piece may complete stays for later
            // (looked for from `pos` first: lastIndexOf alone reads all of a piece without one)
            const amp = s.indexOf('&', pos) < 0 ? -1 : s.lastIndexOf('&');
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
        // the end tag of the innermost element, as every well-formed body has it: `</name>`
        const expected = qnames.length ? qnames[qnames.length - 1] : '';
        const after = pos + 2 + expected.length;
        if (
          expected &&
          after < len &&
          s.charCodeAt(after) === GT &&
          matchesAt(s, pos + 2, expected)
        ) {
          this.closeElement();
          pos = after + 1;
          continue;
        }
        const end = s.indexOf('>', pos + 2);
        if (end < 0) break;
        let nameEnd = end;
        while (nameEnd > pos + 2 && isSpace(s.charCodeAt(nameEnd - 1))) {
          nameEnd--;
        }
        const qname = s.slice(pos + 2, nameEnd);
        if (qname !== expected || !expected) {
          throw new XmlSyntaxError(
            expected
              ? `end tag </${qname}> does not match <${expected}>`
              : `unexpected end tag </${qname}>`,
          );
        }
        this.closeElement();
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
          if (this.stack.length === 0) {
            throw new XmlSyntaxError('CDATA outside the root element');
          }
          const data = s.slice(pos + 9, end);
          if (data) this.appendText(normaliseLineEnds(data));
          pos = end + 3;
        } else if (len - pos < 9 && !final) {
          break;
        } else {
          throw new XmlSyntaxError(
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
      throw new XmlSyntaxError(
        `the body ends inside markup: ${s.slice(pos, pos + 40)}`,
      );
    }
    return pos;
  }

  /**
   * Reads the start tag at `pos` and opens its element; returns the position after the tag, or
   * -1 if the tag is incomplete (then nothing has changed). Only three kinds of attribute mean
   * anything here: namespace declarations, `type` (morefs) and `<prefix>:type` (xsi:type when
   * the prefix is bound to XMLSchema-instance); others are checked and skipped.
   */
  private openTag(s: string, pos: number): number {
    const len = s.length;
    const depth = this.stack.length + 1;
    if (depth === this.streamRootDepth + 1 && this.streamRootDepth >= 0) {
      // most of a RetrievePropertiesEx page, read without the steps below
      const end = this.openPropSets(s, pos, depth);
      if (end > 0) return end;
    }
    let markup = false;
    let qname = this.recentName(s, pos + 1, depth);
    let i: number;
    if (qname) {
      i = pos + 1 + qname.length;
      if (s.charCodeAt(i) !== GT) {
        const end = this.openSeenTag(s, pos, depth);
        if (end > 0) return end;
      }
    } else {
      for (i = pos + 1; i < len; i++) {
        const c = s.charCodeAt(i);
        const kind = c < 128 ? NAME_CLASS[c] : 0;
        if (kind !== 0) {
          if (kind === 1) break;
          if (kind === 2) markup = true;
        }
      }
      if (i >= len) return -1;
      if (s.charCodeAt(i) !== GT) {
        const end = this.openSeenTag(s, pos, depth);
        if (end > 0) return end;
      }
      qname = s.slice(pos + 1, i);
      if (markup || i === pos + 1 || !validNameStart(s.charCodeAt(pos + 1))) {
        throw new XmlSyntaxError(`invalid tag name '${qname}'`);
      }
      const names = this.recentNames;
      names[2 * depth + 1] = names[2 * depth];
      names[2 * depth] = qname;
    }
    const colon = qname.indexOf(':');
    const bindingMark = this.bindingCount;
    let moType: string | undefined;
    let typed: string | undefined;
    let typedPrefix = '';
    let empty = false;
    for (;;) {
      const before = i;
      while (i < len && isSpace(s.charCodeAt(i))) i++;
      if (i >= len) {
        this.bindingCount = bindingMark;
        return -1;
      }
      const c = s.charCodeAt(i);
      if (c === GT) {
        i++;
        break;
      }
      if (i !== before) {
        // the attributes vim25 repeats on every value, recognised by their exact text
        const declaration = this.lastDeclaration;
        if (declaration && s.startsWith(declaration, i)) {
          this.bind(depth, this.lastDeclarationPrefix, this.lastDeclarationUri);
          i += declaration.length;
          continue;
        }
        const typeStart = this.lastTypeStart;
        if (typeStart && s.startsWith(typeStart, i)) {
          const valueStart = i + typeStart.length;
          const valueEnd = s.indexOf(this.lastTypeQuote, valueStart);
          if (valueEnd < 0) {
            this.bindingCount = bindingMark;
            return -1;
          }
          const lt = s.indexOf('<', valueStart);
          if (lt >= 0 && lt < valueEnd) {
            throw new XmlSyntaxError(
              `'<' in the value of attribute '${typeStart.slice(0, -2)}'`,
            );
          }
          typed = attributeValue(s.slice(valueStart, valueEnd));
          typedPrefix = this.lastTypePrefix;
          i = valueEnd + 1;
          continue;
        }
      }
      if (c === SLASH) {
        if (i + 1 >= len) {
          this.bindingCount = bindingMark;
          return -1;
        }
        if (s.charCodeAt(i + 1) !== GT) {
          throw new XmlSyntaxError(`unexpected '/' in <${qname}>`);
        }
        i += 2;
        empty = true;
        break;
      }
      if (i === before) {
        throw new XmlSyntaxError(`no space before an attribute of <${qname}>`);
      }
      const nameStart = i;
      let nameColon = -1;
      for (; i < len; i++) {
        const n = s.charCodeAt(i);
        const kind = n < 128 ? NAME_CLASS[n] : 0;
        if (kind !== 0) {
          if (kind === 1) break;
          if (kind === 2) markup = true;
          else if (nameColon < 0) nameColon = i;
        }
      }
      const nameEnd = i;
      while (i < len && isSpace(s.charCodeAt(i))) i++;
      if (i >= len) {
        this.bindingCount = bindingMark;
        return -1;
      }
      if (
        markup ||
        nameEnd === nameStart ||
        !validNameStart(s.charCodeAt(nameStart)) ||
        s.charCodeAt(i) !== EQUALS
      ) {
        throw new XmlSyntaxError(
          `attribute '${s.slice(
            nameStart,
            nameEnd,
          )}' of <${qname}> has no value`,
        );
      }
      i++;
      while (i < len && isSpace(s.charCodeAt(i))) i++;
      if (i >= len) {
        this.bindingCount = bindingMark;
        return -1;
      }
      const quote = s.charCodeAt(i);
      if (quote !== QUOT && quote !== APOS) {
        throw new XmlSyntaxError(
          `attribute '${s.slice(
            nameStart,
            nameEnd,
          )}' of <${qname}> is not quoted`,
        );
      }
      const valueStart = i + 1;
      const valueEnd = s.indexOf(quote === QUOT ? '"' : "'", valueStart);
      if (valueEnd < 0) {
        this.bindingCount = bindingMark;
        return -1;
      }
      const lt = s.indexOf('<', valueStart);
      if (lt >= 0 && lt < valueEnd) {
        throw new XmlSyntaxError(
          `'<' in the value of attribute '${s.slice(nameStart, nameEnd)}'`,
        );
      }
      i = valueEnd + 1;

      const nameLength = nameEnd - nameStart;
      if (
        nameLength === 4 &&
        s.charCodeAt(nameStart) === 116 /* t */ &&
        s.startsWith('type', nameStart)
      ) {
        moType = attributeValue(s.slice(valueStart, valueEnd));
      } else if (
        nameColon === nameStart + 5 &&
        s.startsWith(XMLNS, nameStart)
      ) {
        const prefix = this.prefixAt(s, nameColon + 1, nameEnd);
        const uri = this.uriAt(s, valueStart, valueEnd);
        this.bind(depth, prefix, uri);
        if (uri === NS.xsi) {
          this.lastDeclaration = s.slice(nameStart, valueEnd + 1);
          this.lastDeclarationPrefix = prefix;
          this.lastDeclarationUri = uri;
        }
      } else if (nameLength === 5 && s.startsWith(XMLNS, nameStart)) {
        this.bind(depth, '', this.uriAt(s, valueStart, valueEnd));
      } else if (
        nameColon > nameStart &&
        nameLength - (nameColon - nameStart) === 5 &&
        s.startsWith('type', nameColon + 1)
      ) {
        typed = attributeValue(s.slice(valueStart, valueEnd));
        typedPrefix = this.prefixAt(s, nameStart, nameColon);
        this.lastTypeStart = s.slice(nameStart, valueStart);
        this.lastTypeQuote = quote === QUOT ? '"' : "'";
        this.lastTypePrefix = typedPrefix;
      } else {
        // meaningless here, but it must still be well-formed
        attributeValue(s.slice(valueStart, valueEnd));
      }
    }
    const name = colon < 0 ? qname : qname.slice(colon + 1);
    if (i - pos <= SEEN_TAG_MAX_LENGTH && i - pos > qname.length + 2) {
      const declares: string[] = [];
      const b = this.bindings;
      for (let k = bindingMark; k < this.bindingCount; k += 3) {
        declares.push(b[k + 1] as string, b[k + 2] as string);
      }
      this.remember({
        text: s.slice(pos, i),
        qname,
        name,
        colon,
        moType,
        typed,
        typedPrefix,
        declares,
        empty,
        endTag: `</${qname}>`,
      });
    }
    return this.openAt(
      s,
      i,
      qname,
      name,
      colon,
      moType,
      this.xsiType(typed, typedPrefix),
      empty,
      bindingMark,
    );
  }

  /**
   * Opens the element of the start tag at `pos` if the same tag was seen before; returns the
   * position after it, or -1 (then nothing has changed). A tag is complete once its text is,
   * and two tags of the same text mean the same, so this needs no attribute scanning.
   */
  private openSeenTag(s: string, pos: number, depth: number): number {
    const gt = s.indexOf('>', pos);
    const tag = gt < 0 ? undefined : this.seenTag(s, pos, gt);
    if (!tag) return -1;
    const bindingMark = this.bindingCount;
    this.bindDeclared(tag, depth);
    return this.openAt(
      s,
      gt + 1,
      tag.qname,
      tag.name,
      tag.colon,
      tag.moType,
      this.xsiType(tag.typed, tag.typedPrefix),
      tag.empty,
      bindingMark,
    );
  }

  /** The remembered start tag whose text is `s[pos, gt]`, if any. */
  private seenTag(s: string, pos: number, gt: number): SeenTag | undefined {
    const length = gt + 1 - pos;
    const lengths = this.seenLengths;
    let text: string | undefined;
    for (let k = 0; k < lengths.length; k++) {
      if (lengths[k] !== length) continue;
      const tag = this.seenTags[k];
      // a slice compared whole is several times faster than startsWith at an offset, which
      // V8 compares one character at a time
      text ??= s.slice(pos, gt + 1);
      if (text === tag.text) return tag;
    }
    return undefined;
  }

  private bindDeclared(tag: SeenTag, depth: number) {
    const declares = tag.declares;
    for (let d = 0; d < declares.length; d += 2) {
      this.bind(depth, declares[d], declares[d + 1]);
    }
  }

  /**
   * Reads the `<propSet><name>…</name><val …>…</val></propSet>` elements from `pos` on (children
   * at `depth` of a streamed element), most of a RetrievePropertiesEx page, straight from the text
   * into the nodes the long way builds. A value is read here when its start tag was seen before
   * and it holds text or leaf elements whose start tags were seen before (a moref, an array of
   * morefs); when it holds anything else, or the piece ends inside it, its `propSet` is opened
   * with the name read and the value is left to the long way. Returns the position after what
   * was read, or -1 if `pos` does not start `<propSet><name>` followed by the name's end tag
   * (then nothing has changed).
   */
  private openPropSets(s: string, pos: number, depth: number): number {
    if (!s.startsWith(PROPSET_NAME, pos)) return -1;
    const parent = this.stack[depth - 2];
    // A page names the same properties in the same order object after object, each mostly with
    // the same start tag of its value: the name that followed the previous one last time is
    // tried first, with that tag, as one slice compared whole (together with the end of the
    // propSet before it, after the first).
    let next = this.lastName.next;
    const first = pos + PROPSET_NAME.length;
    let predicted =
      next?.tag !== undefined &&
      s.slice(first, first + next.tail.length) === next.tail;
    for (let at = pos; ; ) {
      const nameStart = at + PROPSET_NAME.length;
      let name: PropertyName;
      let tag: SeenTag | undefined;
      let gt = -1;
      let valPos: number;
      if (predicted) {
        name = next!;
        tag = name.tag!;
        gt = nameStart + name.tail.length - 1;
        valPos = gt + 1 - tag.text.length;
      } else {
        const nameEnd = s.indexOf('<', nameStart);
        if (nameEnd < 0 || !s.startsWith(NAME_END, nameEnd)) {
          return at === pos ? -1 : at;
        }
        name = this.propertyName(s.slice(nameStart, nameEnd));
        valPos = nameEnd + NAME_END.length;
        if (
          name.tag &&
          s.slice(nameStart, nameStart + name.tail.length) === name.tail
        ) {
          // only the name before it was another
          tag = name.tag;
          gt = nameStart + name.tail.length - 1;
        } else {
          if (s.startsWith(VAL_START, valPos)) gt = s.indexOf('>', valPos);
          tag = gt < 0 ? undefined : this.seenTag(s, valPos, gt);
          if (tag) {
            name.tail = internalize(s.slice(nameStart, gt + 1));
            name.follow = internalize(VAL_END_NEXT + name.tail);
            name.tag = tag;
          }
        }
      }
      this.lastName.next = name;
      this.lastName = name;
      const val =
        tag && !tag.empty
          ? this.readValue(s, gt + 1, tag, name, depth + 1)
          : undefined;
      const end = this.valueEnd;
      next = name.next;
      predicted =
        val !== undefined &&
        next?.tag !== undefined &&
        s.slice(end, end + next.follow.length) === next.follow;
      const more =
        predicted ||
        (val !== undefined &&
          s.slice(end, end + VAL_END_NEXT.length) === VAL_END_NEXT);
      const nameNode = name.node;
      if (!more && !(val && s.startsWith(VAL_PROPSET_END, end))) {
        this.openElement('propSet', 'propSet', -1, undefined, undefined);
        appendChild(this.stack[depth - 1], nameNode);
        return valPos;
      }
      const propSet = xmlNode('propSet', undefined, undefined, '');
      propSet.children = [nameNode, val!];
      appendChild(parent, propSet);
      at = end + VAL_PROPSET_END.length;
      if (!more) return at;
    }
  }

  /**
   * The `val` element of start tag `tag` whose content starts at `from`, at `depth`, if it holds
   * text or leaf elements with start tags seen before; {@link valueEnd} is then where the markup
   * after that content starts.
   */
  private readValue(
    s: string,
    from: number,
    tag: SeenTag,
    name: PropertyName,
    depth: number,
  ): XmlNode | undefined {
    const end = s.indexOf('<', from);
    if (end < 0) return undefined;
    const bindingMark = this.bindingCount;
    this.bindDeclared(tag, depth);
    const xsiType = this.xsiType(tag.typed, tag.typedPrefix);
    let node: XmlNode | undefined;
    if (end > from || s.charCodeAt(end + 1) === SLASH) {
      const text = repeatedText(s, from, end, name.values, 0);
      node = xmlNode('val', xsiType, tag.moType, text);
      this.valueEnd = end;
    } else {
      const items = this.readItems(s, end, name.values, depth + 1);
      if (items) {
        node = xmlNode('val', xsiType, tag.moType, '');
        node.children = items;
      }
    }
    this.bindingCount = bindingMark;
    return node;
  }

  /**
   * The leaf elements from `pos` on, at `depth`, if each has a start tag seen before and they
   * are followed by an end tag; {@link valueEnd} is then where that end tag starts.
   */
  private readItems(
    s: string,
    pos: number,
    values: Array<string | undefined>,
    depth: number,
  ): XmlNode[] | undefined {
    const items: XmlNode[] = [];
    let at = pos;
    do {
      const gt = s.indexOf('>', at);
      const tag = gt < 0 ? undefined : this.seenTag(s, at, gt);
      if (!tag || tag.empty) return undefined;
      const lt = s.indexOf('<', gt + 1);
      if (lt < 0 || !s.startsWith(tag.endTag, lt)) return undefined;
      const bindingMark = this.bindingCount;
      this.bindDeclared(tag, depth);
      items.push(
        xmlNode(
          tag.name,
          this.xsiType(tag.typed, tag.typedPrefix),
          tag.moType,
          repeatedText(s, gt + 1, lt, values, items.length),
        ),
      );
      this.bindingCount = bindingMark;
      at = lt + tag.endTag.length;
      if (s.charCodeAt(at) !== LT) return undefined;
    } while (s.charCodeAt(at + 1) !== SLASH);
    this.valueEnd = at;
    return items;
  }

  /**
   * The property name written `raw`, the same one each time it is written so: its text is then a
   * property key the decoded object is looked up by without hashing the text again.
   */
  private propertyName(raw: string): PropertyName {
    let name = this.propertyNames.get(raw);
    if (!name) {
      name = newPropertyName(internalize(textContent(raw)));
      if (this.propertyNames.size < PROPERTY_NAMES) {
        this.propertyNames.set(internalize(raw), name);
      }
    }
    return name;
  }

  /**
   * Opens the element whose start tag ends at `end`; returns where scanning goes on. An element
   * inside a streamed one whose text and end tag follow in the same piece (`<name>…</name>`,
   * `<val …>…</val>`: most elements of a vim25 body) is read whole, without a stack entry or a
   * second visit for its end tag. `bindingMark` is the namespace count before the tag's own.
   */
  private openAt(
    s: string,
    end: number,
    qname: string,
    name: string,
    colon: number,
    moType: string | undefined,
    xsiType: string | undefined,
    empty: boolean,
    bindingMark: number,
  ): number {
    const stack = this.stack;
    const depth = stack.length + 1;
    if (
      !empty &&
      this.streamRootDepth >= 0 &&
      depth > this.streamRootDepth &&
      s.charCodeAt(end) !== LT
    ) {
      const lt = s.indexOf('<', end);
      const after = lt + 2 + qname.length;
      if (
        lt > 0 &&
        after < s.length &&
        s.charCodeAt(lt + 1) === SLASH &&
        s.charCodeAt(after) === GT &&
        matchesAt(s, lt + 2, qname)
      ) {
        appendChild(
          stack[depth - 2],
          xmlNode(name, xsiType, moType, textContent(s.slice(end, lt))),
        );
        // its declarations end with it
        this.bindingCount = bindingMark;
        return after + 1;
      }
    }
    this.openElement(qname, name, colon, moType, xsiType);
    if (empty) this.closeElement();
    return end;
  }

  private remember(tag: SeenTag) {
    const at = this.nextSeen;
    this.seenTags[at] = tag;
    this.seenLengths[at] = tag.text.length;
    this.nextSeen = (at + 1) % SEEN_TAGS;
  }

  /**
   * The name of the start tag at `s[from]` if it is one of the last two names opened at `depth`
   * (siblings in vim25 bodies mostly repeat a name or alternate between two), else ''.
   */
  private recentName(s: string, from: number, depth: number): string {
    const names = this.recentNames;
    const first = names[2 * depth];
    if (first === undefined) return '';
    if (
      NAME_CLASS[s.charCodeAt(from + first.length)] === 1 &&
      matchesAt(s, from, first)
    ) {
      return first;
    }
    const second = names[2 * depth + 1];
    if (
      second !== undefined &&
      NAME_CLASS[s.charCodeAt(from + second.length)] === 1 &&
      matchesAt(s, from, second)
    ) {
      names[2 * depth] = second;
      names[2 * depth + 1] = first;
      return second;
    }
    return '';
  }

  /** The prefix `s[from, to)`, the same string as last time when it is the same prefix. */
  private prefixAt(s: string, from: number, to: number): string {
    const last = this.lastPrefix;
    if (to - from === last.length && s.startsWith(last, from)) return last;
    const prefix = s.slice(from, to);
    this.lastPrefix = prefix;
    return prefix;
  }

  /** A namespace URI; the ones the decoder compares against are not sliced again each time. */
  private uriAt(s: string, from: number, to: number): string {
    const length = to - from;
    if (length === NS.xsi.length && s.startsWith(NS.xsi, from)) return NS.xsi;
    if (length === NS.xsd.length && s.startsWith(NS.xsd, from)) return NS.xsd;
    if (length === NS.soapenv.length && s.startsWith(NS.soapenv, from)) {
      return NS.soapenv;
    }
    return attributeValue(s.slice(from, to));
  }

  private bind(depth: number, prefix: string, uri: string) {
    const b = this.bindings;
    const at = this.bindingCount;
    if (at === b.length) b.push(depth, prefix, uri);
    else {
      b[at] = depth;
      b[at + 1] = prefix;
      b[at + 2] = uri;
    }
    this.bindingCount = at + 3;
  }

  /**
   * Opens an element whose start tag was complete. `prefixLength` is the length of the prefix
   * of `qname` (-1 without one).
   */
  private openElement(
    qname: string,
    name: string,
    prefixLength: number,
    moType: string | undefined,
    xsiType: string | undefined,
  ) {
    const stack = this.stack;
    const depth = stack.length + 1;
    if (depth === 1 && this.sawRoot) {
      throw new XmlSyntaxError(`a second root element <${qname}>`);
    }
    this.sawRoot = true;
    const node = xmlNode(name, xsiType, moType, '');

    // Envelope (1) > Body (2) > method response or Fault (3) > ...
    if (depth > 3) {
      const parent = stack[depth - 2];
      if (
        this.streamRootDepth < 0 &&
        depth - 3 <= this.maxStreamDepth &&
        this.top === stack[2]
      ) {
        const path = this.path;
        const handlers = this.pathHandlers;
        const at = depth - 4;
        // an element at this depth named as the last one has the same path: every element
        // opened above it since would have cut the path short
        if (path.length <= at || path[at] !== name) {
          path.length = at;
          path.push(name);
          handlers.length = at;
          handlers.push(this.streamAt[path.join('/')]);
        }
        const handler = handlers[at];
        if (handler) {
          this.streamRootDepth = depth;
          this.streamHandler = handler;
        }
      }
      if (depth !== this.streamRootDepth) appendChild(parent, node);
    } else if (depth === 1) {
      if (
        name !== 'Envelope' ||
        this.resolve(prefixLength < 0 ? '' : qname.slice(0, prefixLength)) !==
          NS.soapenv
      ) {
        throw new HandlerFailure(
          new VimProtocolError(
            `the response's root element is <${qname}>, not a SOAP Envelope`,
          ),
        );
      }
    } else if (depth === 2) {
      if (name === 'Body') this.body = node;
    } else if (stack[1] === this.body && !this.top) {
      this.top = node;
      this.topIsFault =
        name === 'Fault' &&
        this.resolve(prefixLength < 0 ? '' : qname.slice(0, prefixLength)) ===
          NS.soapenv;
    }
    stack.push(node);
    this.qnames.push(qname);
  }

  private text(raw: string) {
    const t = textContent(raw);
    if (this.stack.length === 0) {
      for (let k = 0; k < t.length; k++) {
        if (!isSpace(t.charCodeAt(k))) {
          throw new XmlSyntaxError('text outside the root element');
        }
      }
      return;
    }
    this.appendText(t);
  }

  private appendText(text: string) {
    const node = this.stack[this.stack.length - 1];
    node.text = node.text === '' ? text : node.text + text;
  }

  private closeElement() {
    const stack = this.stack;
    const depth = stack.length;
    const node = stack.pop()!;
    this.qnames.pop();
    const b = this.bindings;
    while (this.bindingCount > 0 && b[this.bindingCount - 3] === depth) {
      this.bindingCount -= 3;
    }
    if (depth === this.streamRootDepth) {
      this.streamRootDepth = -1;
      this.completed.push(this.streamHandler!, node, stack[stack.length - 1]);
    }
  }

  /** The namespace bound to `prefix` ('' for the default namespace) where the parser is. */
  private resolve(prefix: string): string | undefined {
    const b = this.bindings;
    for (let i = this.bindingCount - 2; i > 0; i -= 3) {
      if (b[i] === prefix) return b[i + 1] as string;
    }
    return undefined;
  }

  /** The `<prefix>:type` value `typed` as an xsi:type, if `prefix` is XMLSchema-instance's here. */
  private xsiType(
    typed: string | undefined,
    prefix: string,
  ): string | undefined {
    return typed !== undefined && this.resolve(prefix) === NS.xsi
      ? this.qualifiedType(typed)
      : undefined;
  }

  /** `xsd:int` for XML Schema types under any prefix, the bare local name for vim25 types. */
  private qualifiedType(value: string): string {
    const colon = value.indexOf(':');
    if (colon < 0) return value;
    if (colon === 3 && value.startsWith(XSD_PREFIX)) {
      // written as `xsd:int` already, the usual case: no new string when xsd is XML Schema
      return this.resolve(XSD_PREFIX) === NS.xsd ? value : value.slice(4);
    }
    const local = value.slice(colon + 1);
    return this.resolve(value.slice(0, colon)) === NS.xsd
      ? `xsd:${local}`
      : local;
  }
}

/**
 * Whether `s` holds `name` at `at`. For element names (a few characters) this loop, which the
 * optimizing compiler turns into plain loads, is several times faster than
 * `String.prototype.startsWith` at an offset, a builtin call per name in the hottest path.
 */
function matchesAt(s: string, at: number, name: string): boolean {
  for (let k = 0; k < name.length; k++) {
    if (s.charCodeAt(at + k) !== name.charCodeAt(k)) return false;
  }
  return true;
}

/** A node; every node has the same fields in the same order, so the code reading them stays fast. */
function xmlNode(
  name: string,
  xsiType: string | undefined,
  moType: string | undefined,
  text: string,
): XmlNode {
  return { name, xsiType, moType, text, children: undefined };
}

function appendChild(parent: XmlNode, node: XmlNode) {
  const children = parent.children;
  if (children) children.push(node);
  else parent.children = [node];
}

/**
 * `s` as an internalized string, a copy that shares no memory with the piece it was sliced from:
 * property keys are looked up by it without hashing it each time.
 */
function internalize(s: string): string {
  return Object.keys({ [s]: 0 })[0];
}

/**
 * The text `s[from, to)`, as the same string as `values[at]` when it is written the same, which
 * then becomes what `values[at]` holds. Values repeat from one object to the next (folders,
 * pools, datastores, networks, power states): a repeated one is compared in place rather than
 * copied, and where it is looked up later its hash is computed once.
 */
function repeatedText(
  s: string,
  from: number,
  to: number,
  values: Array<string | undefined>,
  at: number,
): string {
  const last = values[at];
  if (
    last !== undefined &&
    last.length === to - from &&
    s.startsWith(last, from)
  ) {
    return last;
  }
  const raw = s.slice(from, to);
  const text = textContent(raw);
  // text written with references or CRs would not match itself in place
  values[at] = text === raw ? text : undefined;
  return text;
}

/** Text as the document means it: line ends normalised, references resolved. */
function textContent(raw: string): string {
  const t = raw.indexOf('\r') >= 0 ? normaliseLineEnds(raw) : raw;
  return t.indexOf('&') >= 0 ? resolveReferences(t) : t;
}

/** The first character of a name (the rest is checked while scanning it). */
function validNameStart(c: number): boolean {
  // not a digit, '-', '.', '!', '?' or ';'
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
      throw new XmlSyntaxError(
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

/**
 * An idle decoder that lives as long as the module. Objects of a class get their hidden class
 * (map) through transitions that V8 holds weakly: when no decoder is alive at a full GC, as between
 * two syncs, the map is collected and every optimized decoder function that checks it is thrown
 * away, so the next read would run its first megabytes in the interpreter. This one keeps it.
 */
export const DECODER_SHAPE_ANCHOR = new ResponseDecoder();
