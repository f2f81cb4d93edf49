import type { XmlNode } from './decoder';
import type {
  MissingProperty,
  MoRef,
  ObjectContent,
  ObjectUpdate,
  PropertyChange,
  VimValue,
} from './types';
import { VimProtocolError } from './errors';

/**
 * Turns decoder nodes into plain values. Only a top-level `val` (and a fault) carries an
 * `xsi:type` on the wire, so that type decides how numbers, booleans and arrays are read;
 * below it, fields stay strings unless they carry a type themselves.
 */

const NUMBER_TYPES = new Set([
  'xsd:int',
  'xsd:long',
  'xsd:short',
  'xsd:byte',
  'xsd:float',
  'xsd:double',
  'xsd:unsignedInt',
  'xsd:unsignedLong',
  'xsd:unsignedShort',
  'xsd:unsignedByte',
  'xsd:integer',
  'xsd:decimal',
]);

const ARRAY_OF_PRIMITIVE: Record<string, string> = {
  ArrayOfString: 'xsd:string',
  ArrayOfInt: 'xsd:int',
  ArrayOfLong: 'xsd:long',
  ArrayOfShort: 'xsd:short',
  ArrayOfByte: 'xsd:byte',
  ArrayOfFloat: 'xsd:float',
  ArrayOfDouble: 'xsd:double',
  ArrayOfBoolean: 'xsd:boolean',
  ArrayOfDateTime: 'xsd:dateTime',
  ArrayOfAnyURI: 'xsd:anyURI',
  ArrayOfBase64Binary: 'xsd:base64Binary',
};

function primitive(type: string, text: string): VimValue {
  // strings first: most values are, and a comparison is cheaper than a set lookup
  if (type === 'xsd:string') return text;
  if (NUMBER_TYPES.has(type)) return Number(text);
  if (type === 'xsd:boolean') return text === 'true' || text === '1';
  if (type === 'xsd:dateTime') return new Date(text);
  return text;
}

function moRef(node: XmlNode): MoRef {
  return { type: node.moType ?? '', value: node.text };
}

/** A field with no type of its own: morefs and `xsd:` typed leaves decoded, the rest strings. */
export function decodeUntyped(node: XmlNode): VimValue {
  if (node.xsiType) return decodeTyped(node);
  if (node.children) return fields(node.children);
  if (node.moType !== undefined) return moRef(node);
  return node.text;
}

// Arrays made by grouping repeated fields, as opposed to field values that are arrays already.
const repeated = new WeakSet<VimValue[]>();

/** Children grouped by name: a name seen once is a value, several times an array. */
function fields(children: XmlNode[]): { [field: string]: VimValue } {
  const out: { [field: string]: VimValue } = {};
  for (const item of children) {
    const value = decodeUntyped(item);
    const existing = out[item.name];
    if (existing === undefined) out[item.name] = value;
    else if (Array.isArray(existing) && repeated.has(existing))
      existing.push(value);
    else {
      const list = [existing, value];
      repeated.add(list);
      out[item.name] = list;
    }
  }
  return out;
}

/** A value decoded by its `xsi:type`. */
export function decodeTyped(node: XmlNode): VimValue {
  const type = node.xsiType ?? '';
  if (type.startsWith('xsd:')) return primitive(type, node.text);
  if (type === 'ManagedObjectReference') return moRef(node);
  if (type.startsWith('ArrayOf')) {
    const children = node.children ?? [];
    const itemType = ARRAY_OF_PRIMITIVE[type];
    if (itemType)
      return children.map(c => primitive(c.xsiType ?? itemType, c.text));
    if (type === 'ArrayOfManagedObjectReference') return children.map(moRef);
    return children.map(decodeUntyped);
  }
  if (node.children) return fields(node.children);
  if (node.moType !== undefined) return moRef(node);
  // an enum is text; a data object whose fields are all unset arrives empty
  return node.text === '' ? {} : node.text;
}

function child(node: XmlNode, name: string): XmlNode | undefined {
  const children = node.children;
  if (!children) return undefined;
  for (let i = 0; i < children.length; i++) {
    if (children[i].name === name) return children[i];
  }
  return undefined;
}

function requiredChild(node: XmlNode, name: string): XmlNode {
  const found = child(node, name);
  if (!found) {
    throw new VimProtocolError(`<${node.name}> has no <${name}>`);
  }
  return found;
}

/** A vim25 fault node (`<fault xsi:type="InvalidProperty">` or `<XFault>` in `<detail>`). */
export function decodeFaultNode(node: XmlNode): {
  faultType: string;
  detail: { [field: string]: VimValue };
} {
  const faultType = node.xsiType ?? node.name.replace(/Fault$/, '');
  return { faultType, detail: node.children ? fields(node.children) : {} };
}

/** A `missingSet` entry. */
export function decodeMissingProperty(node: XmlNode): MissingProperty {
  const localized = child(node, 'fault');
  const inner = localized && child(localized, 'fault');
  const message = localized && child(localized, 'localizedMessage');
  const { faultType, detail } = inner
    ? decodeFaultNode(inner)
    : { faultType: 'Unknown', detail: {} };
  return {
    path: requiredChild(node, 'path').text,
    faultType,
    fault: detail,
    ...(message ? { localizedMessage: message.text } : {}),
  };
}

/** An `ObjectContent` (one `objects` element of a RetrievePropertiesEx page). */
export function decodeObjectContent(node: XmlNode): ObjectContent {
  const content: ObjectContent = {
    obj: moRef(requiredChild(node, 'obj')),
    props: {},
    types: {},
    missing: [],
  };
  const children = node.children ?? [];
  for (let i = 0; i < children.length; i++) {
    const c = children[i];
    if (c.name === 'propSet') {
      // <name> then <val>, the WSDL order, read without searching
      const parts = c.children;
      const first = parts?.[0];
      const second = parts?.[1];
      const name =
        first?.name === 'name' ? first.text : requiredChild(c, 'name').text;
      const val =
        second?.name === 'val' && parts!.length === 2
          ? second
          : child(c, 'val');
      if (!val) continue;
      content.props[name] = decodeTyped(val);
      if (val.xsiType) content.types[name] = val.xsiType;
    } else if (c.name === 'missingSet') {
      content.missing.push(decodeMissingProperty(c));
    }
  }
  return content;
}

/** An `ObjectUpdate` of a WaitForUpdatesEx `filterSet`. */
export function decodeObjectUpdate(node: XmlNode, filter: MoRef): ObjectUpdate {
  const update: ObjectUpdate = {
    filter,
    kind: requiredChild(node, 'kind').text as ObjectUpdate['kind'],
    obj: moRef(requiredChild(node, 'obj')),
    changes: [],
    missing: [],
  };
  for (const c of node.children ?? []) {
    if (c.name === 'changeSet') {
      const change: PropertyChange = {
        name: requiredChild(c, 'name').text,
        op: requiredChild(c, 'op').text as PropertyChange['op'],
      };
      const val = child(c, 'val');
      if (val) {
        change.val = decodeTyped(val);
        if (val.xsiType) change.type = val.xsiType;
      }
      update.changes.push(change);
    } else if (c.name === 'missingSet') {
      update.missing.push(decodeMissingProperty(c));
    }
  }
  return update;
}

/** The moref in `node`'s child `name`, if present. */
export function childMoRef(node: XmlNode, name: string): MoRef | undefined {
  const found = child(node, name);
  return found ? moRef(found) : undefined;
}

/** The text of `node`'s child `name`, if present. */
export function childText(node: XmlNode, name: string): string | undefined {
  return child(node, name)?.text;
}
