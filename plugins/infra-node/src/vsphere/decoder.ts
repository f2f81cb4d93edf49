import { SaxesParser, SaxesTagPlain } from 'saxes';
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

/**
 * A push decoder for a vim25 response body. `streamAt` maps paths below the method's response
 * element (`returnval/objects`) to handlers: elements at those paths are decoded as they
 * complete and then dropped, everything else is kept for {@link ResponseDecoder.close}.
 */
export class ResponseDecoder {
  // saxes' own namespace processing costs a third of the parse; the few bindings that matter
  // (the envelope's, and the XMLSchema-instance one vcsim declares on every value) are tracked
  // here instead
  private readonly parser = new SaxesParser({ xmlns: false, position: false });
  private readonly stack: XmlNode[] = [];
  /** Namespace declarations per open element (undefined: none), parallel to `stack`. */
  private readonly scopes: Array<Record<string, string> | undefined> = [];
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
    this.parser.on('opentag', tag => this.open(tag));
    this.parser.on('text', text => this.addText(text));
    this.parser.on('cdata', text => this.addText(text));
    this.parser.on('closetag', () => this.closeElement());
    this.parser.on('error', err => {
      // saxes keeps going after an error; the first one is the useful one
      this.failure ??= new VimProtocolError(
        `the response is not well-formed XML: ${err.message}`,
      );
    });
  }

  /** Feeds the next piece of the body. Throws {@link VimProtocolError} on malformed XML. */
  write(chunk: string): void {
    this.parser.write(chunk);
    this.check();
  }

  /** Ends the body and returns the method response (or the fault) it held. */
  close(): DecodedBody {
    this.parser.close();
    this.check();
    if (!this.top) {
      throw new VimProtocolError('the response body had no SOAP Body content');
    }
    return this.topIsFault
      ? { kind: 'fault', fault: this.top }
      : { kind: 'response', response: this.top };
  }

  private check() {
    if (this.failure) throw this.failure;
  }

  private open(tag: SaxesTagPlain) {
    const qname = tag.name;
    const colon = qname.indexOf(':');
    const node: XmlNode = {
      name: colon < 0 ? qname : qname.slice(colon + 1),
      text: '',
    };

    let scope: Record<string, string> | undefined;
    let typed: string | undefined;
    let typedPrefix = '';
    const attributes = tag.attributes;
    for (const name in attributes) {
      if (!Object.prototype.hasOwnProperty.call(attributes, name)) continue;
      if (name.startsWith('xmlns')) {
        if (name === 'xmlns') (scope ??= {})[''] = attributes[name];
        else if (name.charCodeAt(5) === 58 /* : */)
          (scope ??= {})[name.slice(6)] = attributes[name];
      } else if (name === 'type') {
        node.moType = attributes[name];
      } else if (name.endsWith(':type')) {
        typed = attributes[name];
        typedPrefix = name.slice(0, -5);
      }
    }
    this.scopes.push(scope);
    if (typed !== undefined && this.resolve(typedPrefix) === NS.xsi) {
      node.xsiType = this.qualifiedType(typed);
    }

    const depth = this.stack.length + 1;
    // Envelope (1) > Body (2) > method response or Fault (3) > ...
    if (depth === 1) {
      if (node.name !== 'Envelope' || this.uriOf(qname, colon) !== NS.soapenv) {
        this.failure ??= new VimProtocolError(
          `the response's root element is <${qname}>, not a SOAP Envelope`,
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
    this.scopes.pop();
    if (depth > 3) {
      if (depth === this.streamRootDepth) {
        this.streamRootDepth = -1;
        const handler = this.streamAt[this.path.join('/')];
        try {
          handler(node, this.stack[this.stack.length - 1]);
        } catch (err) {
          // a handler's failure ends the read like a parse error would
          this.failure ??= err as Error;
        }
      }
      this.path.pop();
    }
  }

  /** The namespace bound to `prefix` ('' for the default namespace) where the parser is. */
  private resolve(prefix: string): string | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const uri = this.scopes[i]?.[prefix];
      if (uri !== undefined) return uri;
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
