import type { JsonObject } from '@backstage/types';
import { bodies, envelope } from './envelopes';
import { ResponseDecoder, StreamHandler, XmlNode } from './decoder';
import { NotAuthenticatedFault, VimProtocolError, vimFault } from './errors';
import { SoapTransport, VimTlsOptions } from './transport';
import type {
  MoRef,
  ObjectContent,
  ObjectUpdate,
  PropertyFilterSpec,
  RetrieveOptions,
  ServiceContent,
  UserSession,
  WaitOptions,
} from './types';
import {
  childMoRef,
  childText,
  decodeFaultNode,
  decodeObjectContent,
  decodeObjectUpdate,
  decodeUntyped,
} from './values';

/** The logging the client does: a Backstage `LoggerService` fits. Passwords are never logged. */
export interface VimLogger {
  debug(message: string, meta?: JsonObject): void;
  warn(message: string, meta?: JsonObject): void;
}

/** Settings of a {@link VimClient}. */
export interface VimClientOptions {
  /** The SDK endpoint, `https://vcenter.example.com/sdk`. */
  url: string;
  username: string;
  password: string;
  tls?: VimTlsOptions;
  /** Deadline for one SOAP call, from sending to the end of the response. Default 60 s. */
  requestTimeoutMs?: number;
  /**
   * How often an idle session is kept alive with CurrentTime (vCenter drops sessions idle for
   * 30 min). Default 10 min; 0 turns it off.
   */
  keepAliveIntervalMs?: number;
  /**
   * The vim25 API version to speak (`8.0.2.0`). By default, the version the server reports in
   * `about.apiVersion`.
   */
  apiVersion?: string;
  logger?: VimLogger;
  /** Parallel connections to this vCenter. Default 4. */
  maxSockets?: number;
  userAgent?: string;
}

/** Per-call settings. */
export interface VimCallOptions {
  signal?: AbortSignal;
  /** Overrides the client's request timeout for this call. */
  timeoutMs?: number;
}

/** Counters of a client's traffic since it was created. */
export interface VimClientStats {
  /** SOAP requests sent, including keepalives, logins and retries. */
  soapCalls: number;
  /** Response body bytes received. */
  bytes: number;
  /** Request body bytes sent. */
  bytesSent: number;
  /** Faults received. */
  faults: number;
  /** Successful logins, the first one included. */
  logins: number;
}

/** One page of RetrievePropertiesEx or ContinueRetrievePropertiesEx. */
export interface RetrievePage {
  /** Pass to ContinueRetrievePropertiesEx for the next page; unset on the last page. */
  token?: string;
  /** Objects handed to `onObject` from this page. */
  objects: number;
}

/** Settings of a RetrievePropertiesEx or ContinueRetrievePropertiesEx page. */
export interface PageOptions extends VimCallOptions {
  /** Called with each object of the page as it arrives. */
  onObject: (content: ObjectContent) => void;
  /**
   * Called once when the page is known to be the last, while the rest of it is still arriving:
   * its first object came without a token before it. What the read no longer needs (its view)
   * can then be released during the transfer instead of after it. An empty page does not call it.
   */
  onLastPage?: () => void;
  /** A collector other than the ServiceContent's. */
  collector?: MoRef;
}

/** A WaitForUpdatesEx result; its object updates went to `onUpdate`. */
export interface UpdateSetSummary {
  version: string;
  /** More updates are waiting: call again at once with `version`. */
  truncated: boolean;
  updates: number;
}

/** Low-level call settings of {@link VimClient.invoke}. */
export interface InvokeOptions extends VimCallOptions {
  /** Elements below the response element to decode as they arrive. */
  streamAt?: Record<string, StreamHandler>;
  /**
   * The call refers to objects of the current session (views, private collectors, tokens):
   * after a lost session it is not retried, because the retry could only fail.
   */
  sessionBound?: boolean;
}

const SESSION_COOKIE = 'vmware_soap_session';
/** Types whose instances live and die with the session that created them. */
const SESSION_SCOPED_TYPES = new Set([
  'ContainerView',
  'ListView',
  'InventoryView',
  'PropertyFilter',
]);
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_KEEPALIVE_MS = 10 * 60_000;
// RetrieveServiceContent is answered by every vCenter from 6.5 on; the server's own version is
// used from then on.
const BOOTSTRAP_API_VERSION = '6.5';

/**
 * A vim25 SOAP client for the read-only methods of inventory sync: a session with keepalive and
 * transparent re-login, typed faults, streaming decoding of property collector results and
 * traffic counters.
 *
 * @example
 * ```ts
 * const client = await VimClient.connect({ url, username, password, logger });
 * try {
 *   const inventory = await readInventory(client);
 * } finally {
 *   await client.close();
 * }
 * ```
 */
export class VimClient {
  /** Traffic counters; read them before and after an operation to attribute its cost. */
  readonly stats: VimClientStats = {
    soapCalls: 0,
    bytes: 0,
    bytesSent: 0,
    faults: 0,
    logins: 0,
  };

  private readonly transport: SoapTransport;
  private readonly timeoutMs: number;
  private readonly keepAliveMs: number;
  private readonly logger?: VimLogger;
  private content?: ServiceContent;
  private currentSession?: UserSession;
  private apiVersion: string;
  private cookie?: string;
  private generation = 0;
  private relogging?: Promise<void>;
  private keepAliveTimer?: NodeJS.Timeout;
  private closed = false;

  /** Creates a client and logs in. */
  static async connect(options: VimClientOptions): Promise<VimClient> {
    const client = new VimClient(options);
    try {
      await client.login();
    } catch (err) {
      await client.close();
      throw err;
    }
    return client;
  }

  /** Creates a client without logging in; call {@link VimClient.login} before anything else. */
  constructor(private readonly options: VimClientOptions) {
    this.transport = new SoapTransport(options.url, {
      tls: options.tls,
      maxSockets: options.maxSockets,
      userAgent: options.userAgent,
    });
    this.timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.keepAliveMs = options.keepAliveIntervalMs ?? DEFAULT_KEEPALIVE_MS;
    this.logger = options.logger;
    this.apiVersion = options.apiVersion ?? BOOTSTRAP_API_VERSION;
    if (
      options.tls?.skipTlsVerify &&
      this.transport.url.protocol === 'https:'
    ) {
      this.logger?.warn(
        `TLS certificate verification is OFF for ${this.transport.endpoint} (skipTlsVerify); ` +
          'configure its CA bundle instead',
      );
    }
  }

  /** The ServiceContent read at login. */
  get serviceContent(): ServiceContent {
    if (!this.content)
      throw new Error('VimClient is not logged in; call login() first');
    return this.content;
  }

  /**
   * Increases with every login. An operation that spans several calls on session objects
   * (views, tokens) compares it before and after to learn that its session was replaced.
   */
  get sessionGeneration(): number {
    return this.generation;
  }

  /** The current session, as Login returned it. */
  get session(): UserSession | undefined {
    return this.currentSession;
  }

  /**
   * Reads the ServiceContent and logs in; starts the keepalive. Does nothing when already
   * logged in (a lost session is noticed and renewed by the calls themselves).
   */
  async login(options: VimCallOptions = {}): Promise<void> {
    if (this.currentSession && !this.closed) return;
    await this.startSession(options);
  }

  private async startSession(options: VimCallOptions): Promise<void> {
    if (this.closed) throw new Error('VimClient is closed');
    if (!this.content) {
      const response = await this.send(
        'RetrieveServiceContent',
        bodies.retrieveServiceContent(),
        options,
      );
      this.content = parseServiceContent(returnval(response));
      if (!this.options.apiVersion && this.content.about.apiVersion) {
        this.apiVersion = this.content.about.apiVersion;
      }
    }
    // A Login carrying a still-valid cookie is refused, and an invalid one means nothing.
    this.cookie = undefined;
    const response = await this.send(
      'Login',
      bodies.login(
        this.content.sessionManager,
        this.options.username,
        this.options.password,
      ),
      options,
    );
    const session = decodeUntyped(returnval(response)) as Record<
      string,
      string
    >;
    this.currentSession = {
      key: session.key,
      userName: session.userName,
      loginTime: session.loginTime,
    };
    this.generation++;
    this.stats.logins++;
    this.startKeepAlive();
    this.logger?.debug(`vim25 logged in to ${this.transport.endpoint}`, {
      userName: this.options.username,
    });
  }

  /** Logs out (sessions left behind count against vCenter's cap for hours) and closes sockets. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopKeepAlive();
    if (this.cookie && this.content) {
      try {
        await this.send('Logout', bodies.logout(this.content.sessionManager), {
          timeoutMs: Math.min(this.timeoutMs, 10_000),
        });
      } catch (err) {
        this.logger?.debug(
          `vim25 Logout from ${this.transport.endpoint} failed: ${err}`,
        );
      }
    }
    this.cookie = undefined;
    this.currentSession = undefined;
    this.transport.close();
  }

  /** The server's clock; also what keeps the session alive. */
  async currentTime(options: VimCallOptions = {}): Promise<Date> {
    const response = await this.invoke(
      'CurrentTime',
      () => bodies.currentTime(),
      options,
    );
    return new Date(returnval(response).text);
  }

  /** Creates a ContainerView over `container`; destroy it with {@link VimClient.destroyView}. */
  async createContainerView(
    container: MoRef,
    types: readonly string[],
    recursive: boolean,
    options: VimCallOptions = {},
  ): Promise<MoRef> {
    const response = await this.invoke(
      'CreateContainerView',
      () =>
        bodies.createContainerView(
          this.serviceContent.viewManager,
          container,
          types,
          recursive,
        ),
      options,
    );
    return moRefOf(returnval(response));
  }

  /** Destroys a view; views also die with their session. */
  async destroyView(view: MoRef, options: VimCallOptions = {}): Promise<void> {
    await this.invoke('DestroyView', () => bodies.destroyView(view), {
      ...options,
      sessionBound: true,
    });
  }

  /**
   * The first page of properties. Objects go to `onObject` one at a time as the response
   * arrives. Follow the returned token with {@link VimClient.continueRetrievePropertiesEx}
   * until there is none, or release it with {@link VimClient.cancelRetrievePropertiesEx}.
   */
  async retrievePropertiesEx(
    specSet: readonly PropertyFilterSpec[],
    retrieveOptions: RetrieveOptions,
    options: PageOptions,
  ): Promise<RetrievePage> {
    const collector =
      options.collector ?? this.serviceContent.propertyCollector;
    const sessionBound =
      this.isPrivateCollector(collector) ||
      specSet.some(s =>
        s.objectSet.some(o => SESSION_SCOPED_TYPES.has(o.obj.type)),
      );
    return this.retrievePage(
      'RetrievePropertiesEx',
      () => bodies.retrievePropertiesEx(collector, specSet, retrieveOptions),
      { ...options, sessionBound },
    );
  }

  /** The next page for `token`. Tokens are single-use: use the one this call returns next. */
  async continueRetrievePropertiesEx(
    token: string,
    options: PageOptions,
  ): Promise<RetrievePage> {
    const collector =
      options.collector ?? this.serviceContent.propertyCollector;
    return this.retrievePage(
      'ContinueRetrievePropertiesEx',
      () => bodies.continueRetrievePropertiesEx(collector, token),
      { ...options, sessionBound: true },
    );
  }

  /** Releases the rest of a paged result on the server. */
  async cancelRetrievePropertiesEx(
    token: string,
    options: VimCallOptions & { collector?: MoRef } = {},
  ): Promise<void> {
    const collector =
      options.collector ?? this.serviceContent.propertyCollector;
    await this.invoke(
      'CancelRetrievePropertiesEx',
      () => bodies.cancelRetrievePropertiesEx(collector, token),
      { ...options, sessionBound: true },
    );
  }

  /**
   * Every page of a RetrievePropertiesEx, collected into an array: for small reads. On failure
   * or abort the outstanding token is cancelled.
   */
  async retrieveAll(
    specSet: readonly PropertyFilterSpec[],
    options: VimCallOptions & RetrieveOptions & { collector?: MoRef } = {},
  ): Promise<ObjectContent[]> {
    const out: ObjectContent[] = [];
    const onObject = (o: ObjectContent) => out.push(o);
    let page = await this.retrievePropertiesEx(
      specSet,
      { maxObjects: options.maxObjects },
      { ...options, onObject },
    );
    while (page.token) {
      const token = page.token;
      try {
        options.signal?.throwIfAborted();
        page = await this.continueRetrievePropertiesEx(token, {
          ...options,
          onObject,
        });
      } catch (err) {
        await this.cancelRetrievePropertiesEx(token, {
          collector: options.collector,
        }).catch(() => undefined);
        throw err;
      }
    }
    return out;
  }

  /** A private PropertyCollector, for one WaitForUpdatesEx loop (one waiter per collector). */
  async createPropertyCollector(options: VimCallOptions = {}): Promise<MoRef> {
    const response = await this.invoke(
      'CreatePropertyCollector',
      () =>
        bodies.createPropertyCollector(this.serviceContent.propertyCollector),
      options,
    );
    return moRefOf(returnval(response));
  }

  /** Destroys a private collector and its filters, ending any wait on it. */
  async destroyPropertyCollector(
    collector: MoRef,
    options: VimCallOptions = {},
  ): Promise<void> {
    await this.invoke(
      'DestroyPropertyCollector',
      () => bodies.destroyPropertyCollector(collector),
      {
        ...options,
        sessionBound: true,
      },
    );
  }

  /**
   * Adds a filter to `collector`: what its WaitForUpdatesEx reports on. With `partialUpdates`
   * false, the first wait reports every matching object in full.
   */
  async createFilter(
    collector: MoRef,
    spec: PropertyFilterSpec,
    partialUpdates: boolean,
    options: VimCallOptions = {},
  ): Promise<MoRef> {
    const response = await this.invoke(
      'CreateFilter',
      () => bodies.createFilter(collector, spec, partialUpdates),
      { ...options, sessionBound: this.isPrivateCollector(collector) },
    );
    return moRefOf(returnval(response));
  }

  /** Removes a filter from its collector. */
  async destroyPropertyFilter(
    filter: MoRef,
    options: VimCallOptions = {},
  ): Promise<void> {
    await this.invoke(
      'DestroyPropertyFilter',
      () => bodies.destroyPropertyFilter(filter),
      {
        ...options,
        sessionBound: true,
      },
    );
  }

  /**
   * Waits for changes after `version` (unset: the initial state). Object updates go to
   * `onUpdate` as they arrive. Returns undefined when `maxWaitSeconds` passed without changes.
   * The request timeout is stretched to cover `maxWaitSeconds`; without `maxWaitSeconds` the
   * wait is cut off by the request timeout, so loops should always set it.
   */
  async waitForUpdatesEx(
    collector: MoRef,
    version: string | undefined,
    waitOptions: WaitOptions | undefined,
    options: VimCallOptions & { onUpdate: (update: ObjectUpdate) => void },
  ): Promise<UpdateSetSummary | undefined> {
    let updates = 0;
    const waitMs = (waitOptions?.maxWaitSeconds ?? 0) * 1000;
    const response = await this.invoke(
      'WaitForUpdatesEx',
      () => bodies.waitForUpdatesEx(collector, version, waitOptions),
      {
        ...options,
        timeoutMs: Math.max(
          options.timeoutMs ?? this.timeoutMs,
          waitMs + this.timeoutMs,
        ),
        sessionBound: this.isPrivateCollector(collector),
        streamAt: {
          'returnval/filterSet/objectSet': (node, filterSet) => {
            const filter = childMoRef(filterSet, 'filter') ?? {
              type: 'PropertyFilter',
              value: '',
            };
            updates++;
            options.onUpdate(decodeObjectUpdate(node, filter));
          },
        },
      },
    );
    const set = response.children?.find(c => c.name === 'returnval');
    if (!set) return undefined;
    return {
      version: childText(set, 'version') ?? '',
      truncated: childText(set, 'truncated') === 'true',
      updates,
    };
  }

  /** Makes a pending WaitForUpdatesEx on `collector` return with RequestCanceled. */
  async cancelWaitForUpdates(
    collector: MoRef,
    options: VimCallOptions = {},
  ): Promise<void> {
    await this.invoke(
      'CancelWaitForUpdates',
      () => bodies.cancelWaitForUpdates(collector),
      {
        ...options,
        sessionBound: this.isPrivateCollector(collector),
      },
    );
  }

  /**
   * Calls any vim25 method: `body` builds the method element (see `envelopes.ts`) and is called
   * again for the one retry after a re-login. Returns the response element; faults are thrown
   * as {@link VimFault} subclasses.
   */
  async invoke(
    method: string,
    body: () => string,
    options: InvokeOptions = {},
  ): Promise<XmlNode> {
    const generation = this.generation;
    try {
      return await this.send(method, body(), options);
    } catch (err) {
      if (
        !(err instanceof NotAuthenticatedFault) ||
        this.closed ||
        !this.content
      )
        throw err;
      this.logger?.debug(`vim25 ${method}: session lost, logging in again`);
      await this.relogin(generation, options);
      if (options.sessionBound) throw err;
      return this.send(method, body(), options);
    }
  }

  private async retrievePage(
    method: string,
    body: () => string,
    options: PageOptions & { sessionBound: boolean },
  ): Promise<RetrievePage> {
    let objects = 0;
    const response = await this.invoke(method, body, {
      ...options,
      streamAt: {
        'returnval/objects': (node, result) => {
          // a RetrieveResult holds its token before its objects: none by now, none at all
          if (objects++ === 0 && !childText(result, 'token')) {
            options.onLastPage?.();
          }
          options.onObject(decodeObjectContent(node));
        },
      },
    });
    const result = response.children?.find(c => c.name === 'returnval');
    const token = result ? childText(result, 'token') : undefined;
    return token ? { token, objects } : { objects };
  }

  /** One login for all the calls that found the session gone at the same time. */
  private async relogin(
    generation: number,
    options: VimCallOptions,
  ): Promise<void> {
    if (this.generation !== generation) return;
    if (!this.relogging) {
      this.relogging = this.startSession({
        timeoutMs: options.timeoutMs,
      }).finally(() => {
        this.relogging = undefined;
      });
    }
    await this.relogging;
  }

  private isPrivateCollector(collector: MoRef): boolean {
    return collector.value !== this.serviceContent.propertyCollector.value;
  }

  private async send(
    method: string,
    body: string,
    options: InvokeOptions,
  ): Promise<XmlNode> {
    if (this.closed && method !== 'Logout')
      throw new Error('VimClient is closed');
    const decoder = new ResponseDecoder(options.streamAt);
    const request = envelope(body);
    const started = Date.now();
    this.stats.soapCalls++;
    this.stats.bytesSent += Buffer.byteLength(request);
    const result = await this.transport.post(request, {
      soapAction: `urn:vim25/${this.apiVersion}`,
      cookie: this.cookie,
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
      signal: options.signal,
      onText: text => decoder.write(text),
    });
    this.stats.bytes += result.bytes;
    this.keepCookie(result.setCookie);

    let decoded;
    try {
      decoded = decoder.close();
    } catch (err) {
      if (err instanceof VimProtocolError) err.statusCode = result.statusCode;
      throw err;
    }
    this.logger?.debug(`vim25 ${method}`, {
      status: result.statusCode,
      bytes: result.bytes,
      ms: Date.now() - started,
    });
    if (decoded.kind === 'fault') {
      this.stats.faults++;
      const fault = decoded.fault;
      const detail = fault.children?.find(c => c.name === 'detail')
        ?.children?.[0];
      const { faultType, detail: fields } = detail
        ? decodeFaultNode(detail)
        : { faultType: 'SoapFault', detail: {} };
      throw vimFault({
        method,
        faultType,
        faultString: childText(fault, 'faultstring') ?? '',
        detail: fields,
      });
    }
    if (result.statusCode !== 200) {
      const error = new VimProtocolError(
        `${method} answered HTTP ${result.statusCode} without a SOAP fault`,
      );
      error.statusCode = result.statusCode;
      throw error;
    }
    return decoded.response;
  }

  private keepCookie(setCookie: string[]) {
    for (const header of setCookie) {
      const pair = header.split(';', 1)[0].trim();
      if (pair.startsWith(`${SESSION_COOKIE}=`)) this.cookie = pair;
    }
  }

  private startKeepAlive() {
    if (this.keepAliveMs <= 0 || this.keepAliveTimer) return;
    this.keepAliveTimer = setInterval(() => {
      this.currentTime().catch(err => {
        if (!this.closed) {
          this.logger?.warn(
            `vim25 keepalive to ${this.transport.endpoint} failed: ${err}`,
          );
        }
      });
    }, this.keepAliveMs);
    // the keepalive alone must not keep a process alive
    this.keepAliveTimer.unref();
  }

  private stopKeepAlive() {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
  }
}

function returnval(response: XmlNode): XmlNode {
  const node = response.children?.find(c => c.name === 'returnval');
  if (!node)
    throw new VimProtocolError(`<${response.name}> has no <returnval>`);
  return node;
}

function moRefOf(node: XmlNode): MoRef {
  if (node.moType === undefined) {
    throw new VimProtocolError(
      `<${node.name}> is not a managed object reference`,
    );
  }
  return { type: node.moType, value: node.text };
}

function parseServiceContent(node: XmlNode): ServiceContent {
  const ref = (name: string) => {
    const found = childMoRef(node, name);
    if (!found) throw new VimProtocolError(`ServiceContent has no ${name}`);
    return found;
  };
  const aboutNode = node.children?.find(c => c.name === 'about');
  const about = (aboutNode ? decodeUntyped(aboutNode) : {}) as Record<
    string,
    string
  >;
  return {
    rootFolder: ref('rootFolder'),
    propertyCollector: ref('propertyCollector'),
    viewManager: ref('viewManager'),
    sessionManager: ref('sessionManager'),
    alarmManager: childMoRef(node, 'alarmManager'),
    about: {
      name: about.name ?? '',
      fullName: about.fullName ?? '',
      version: about.version ?? '',
      build: about.build ?? '',
      apiType: about.apiType ?? '',
      apiVersion: about.apiVersion ?? '',
      instanceUuid: about.instanceUuid,
    },
  };
}
