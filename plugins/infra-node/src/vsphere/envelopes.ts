import { escapeXml, NS, textElement } from './xml';
import type {
  MoRef,
  ObjectSpec,
  PropertyFilterSpec,
  PropertySpec,
  RetrieveOptions,
  SelectionSpec,
  TraversalSpec,
  WaitOptions,
} from './types';

/**
 * Request bodies of the vim25 methods we call. Every element follows the WSDL sequence order
 * (vCenter validates it; vcsim does not), every moref carries `type=`, and every selectSet entry
 * carries an explicit `xsi:type` (vcsim cannot tell a TraversalSpec from a SelectionSpec
 * without it).
 */

/** Concatenation of XML pieces, in order. */
const cat = (...parts: string[]): string => parts.join('');

/** Wraps a method element in a SOAP 1.1 envelope. */
export function envelope(methodElement: string): string {
  return cat(
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<soapenv:Envelope xmlns:soapenv="${NS.soapenv}" xmlns:xsd="${NS.xsd}" `,
    `xmlns:xsi="${NS.xsi}" xmlns:vim25="${NS.vim25}">`,
    `<soapenv:Body>${methodElement}</soapenv:Body></soapenv:Envelope>`,
  );
}

/** `<tag type="T">value</tag>`. */
export function moRefXml(tag: string, ref: MoRef): string {
  return `<${tag} type="${escapeXml(ref.type, `${tag}.type`)}">${escapeXml(
    ref.value,
    tag,
  )}</${tag}>`;
}

function methodXml(name: string, self: MoRef, args = ''): string {
  return `<${name} xmlns="${NS.vim25}">${moRefXml(
    '_this',
    self,
  )}${args}</${name}>`;
}

function bool(name: string, value: boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${value}</${name}>`;
}

function int(name: string, value: number | undefined): string {
  if (value === undefined) return '';
  if (!Number.isInteger(value))
    throw new TypeError(`${name} must be an integer`);
  return `<${name}>${value}</${name}>`;
}

function isTraversal(
  spec: TraversalSpec | SelectionSpec,
): spec is TraversalSpec {
  return 'path' in spec;
}

function selectSetXml(
  set: ReadonlyArray<TraversalSpec | SelectionSpec> | undefined,
): string {
  if (!set) return '';
  return set
    .map(spec => {
      if (!isTraversal(spec)) {
        return `<selectSet xsi:type="vim25:SelectionSpec">${textElement(
          'name',
          spec.name,
        )}</selectSet>`;
      }
      return cat(
        `<selectSet xsi:type="vim25:TraversalSpec">`,
        spec.name !== undefined ? textElement('name', spec.name) : '',
        textElement('type', spec.type),
        textElement('path', spec.path),
        bool('skip', spec.skip ?? false),
        selectSetXml(spec.selectSet),
        `</selectSet>`,
      );
    })
    .join('');
}

function propertySpecXml(spec: PropertySpec): string {
  return cat(
    `<propSet>${textElement('type', spec.type)}${bool('all', spec.all)}`,
    ...(spec.pathSet ?? []).map(p => textElement('pathSet', p)),
    `</propSet>`,
  );
}

function objectSpecXml(spec: ObjectSpec): string {
  return `<objectSet>${moRefXml('obj', spec.obj)}${bool(
    'skip',
    spec.skip,
  )}${selectSetXml(spec.selectSet)}</objectSet>`;
}

/** The content of a PropertyFilterSpec, to be wrapped in `tag` (`specSet` or `spec`). */
export function propertyFilterSpecXml(
  tag: string,
  spec: PropertyFilterSpec,
): string {
  return cat(
    `<${tag}>`,
    ...spec.propSet.map(propertySpecXml),
    ...spec.objectSet.map(objectSpecXml),
    bool('reportMissingObjectsInResults', spec.reportMissingObjectsInResults),
    `</${tag}>`,
  );
}

/** The ServiceInstance singleton every session starts from. */
export const SERVICE_INSTANCE: MoRef = {
  type: 'ServiceInstance',
  value: 'ServiceInstance',
};

export const bodies = {
  retrieveServiceContent: () =>
    methodXml('RetrieveServiceContent', SERVICE_INSTANCE),

  currentTime: () => methodXml('CurrentTime', SERVICE_INSTANCE),

  login: (
    sessionManager: MoRef,
    userName: string,
    password: string,
    locale?: string,
  ) =>
    methodXml(
      'Login',
      sessionManager,
      cat(
        textElement('userName', userName),
        // the element name is the error's label, so a bad password is never echoed
        textElement('password', password, 'password'),
        locale ? textElement('locale', locale) : '',
      ),
    ),

  logout: (sessionManager: MoRef) => methodXml('Logout', sessionManager),

  createContainerView: (
    viewManager: MoRef,
    container: MoRef,
    types: readonly string[],
    recursive: boolean,
  ) =>
    methodXml(
      'CreateContainerView',
      viewManager,
      cat(
        moRefXml('container', container),
        ...types.map(t => textElement('type', t)),
        `<recursive>${recursive}</recursive>`,
      ),
    ),

  destroyView: (view: MoRef) => methodXml('DestroyView', view),

  retrievePropertiesEx: (
    collector: MoRef,
    specSet: readonly PropertyFilterSpec[],
    options: RetrieveOptions = {},
  ) =>
    methodXml(
      'RetrievePropertiesEx',
      collector,
      cat(
        ...specSet.map(s => propertyFilterSpecXml('specSet', s)),
        // options is required by the WSDL even when empty
        `<options>${int('maxObjects', options.maxObjects)}</options>`,
      ),
    ),

  continueRetrievePropertiesEx: (collector: MoRef, token: string) =>
    methodXml(
      'ContinueRetrievePropertiesEx',
      collector,
      textElement('token', token),
    ),

  cancelRetrievePropertiesEx: (collector: MoRef, token: string) =>
    methodXml(
      'CancelRetrievePropertiesEx',
      collector,
      textElement('token', token),
    ),

  createPropertyCollector: (collector: MoRef) =>
    methodXml('CreatePropertyCollector', collector),

  destroyPropertyCollector: (collector: MoRef) =>
    methodXml('DestroyPropertyCollector', collector),

  createFilter: (
    collector: MoRef,
    spec: PropertyFilterSpec,
    partialUpdates: boolean,
  ) =>
    methodXml(
      'CreateFilter',
      collector,
      `${propertyFilterSpecXml(
        'spec',
        spec,
      )}<partialUpdates>${partialUpdates}</partialUpdates>`,
    ),

  destroyPropertyFilter: (filter: MoRef) =>
    methodXml('DestroyPropertyFilter', filter),

  waitForUpdatesEx: (
    collector: MoRef,
    version: string | undefined,
    options?: WaitOptions,
  ) =>
    methodXml(
      'WaitForUpdatesEx',
      collector,
      cat(
        version !== undefined ? textElement('version', version) : '',
        options
          ? `<options>${int('maxWaitSeconds', options.maxWaitSeconds)}${int(
              'maxObjectUpdates',
              options.maxObjectUpdates,
            )}</options>`
          : '',
      ),
    ),

  cancelWaitForUpdates: (collector: MoRef) =>
    methodXml('CancelWaitForUpdates', collector),
};
