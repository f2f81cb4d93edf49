import { useCallback, useEffect, useReducer, useRef, useState } from 'react';

/** What a card shows of one request: like react-use's `useAsyncRetry`. */
export interface EarlyRequestState<T> {
  loading: boolean;
  value?: T;
  error?: Error;
  /** Asks again; the last value stays while the new answer is on its way. */
  retry(): void;
}

/** One call: what it asks (`key`, `undefined` for nothing to ask) of which API (`owner`). */
export interface EarlyRequest<T> {
  owner: object;
  key: string | undefined;
  run: () => Promise<T>;
}

interface Request<T> {
  startedAt: number;
  settled: Promise<void>;
  result?: { value: T } | { error: Error };
}

/**
 * Requests started before a card was committed, per API object and key: by the page's prefetch
 * (startEarly), which knows the calls before the cards' lazy code has even arrived, or by renders
 * React threw away (it renders the cards of a revealed overview before committing them). The
 * committed card takes its request from here instead of asking again.
 */
const started = new WeakMap<object, Map<string, Request<unknown>>>();

/** A request this old belongs to a render nobody saw: the next one asks again. */
const REUSE_MS = 10_000;

function begin<T>(run: () => Promise<T>): Request<T> {
  const request: Request<T> = {
    startedAt: Date.now(),
    settled: Promise.resolve(),
  };
  request.settled = run().then(
    value => {
      request.result = { value };
    },
    error => {
      request.result = {
        error: error instanceof Error ? error : new Error(String(error)),
      };
    },
  );
  return request;
}

function shared<T>(
  owner: object,
  key: string,
  run: () => Promise<T>,
): Request<T> {
  let byKey = started.get(owner);
  if (!byKey) {
    byKey = new Map();
    started.set(owner, byKey);
  }
  const found = byKey.get(key) as Request<T> | undefined;
  if (found && Date.now() - found.startedAt < REUSE_MS) return found;
  const request = begin(run);
  byKey.set(key, request);
  return request;
}

/**
 * Starts `request` ahead of the card that shows it (the card's first render finds it under way);
 * resolves when it is answered. Asking again within a few seconds starts nothing new.
 */
export function startEarly<T>({
  owner,
  key,
  run,
}: EarlyRequest<T>): Promise<void> {
  return key === undefined
    ? Promise.resolve()
    : shared(owner, key, run).settled;
}

/** A committed card owns its request: later visits of the page ask again. */
function release(owner: object, key: string, request: Request<unknown>) {
  const byKey = started.get(owner);
  if (byKey?.get(key) === request) byKey.delete(key);
}

interface Slot<T> {
  owner: object;
  key?: string;
  request?: Request<T>;
  /** the value of the request this one replaced (retry) */
  last?: T;
}

const open = <T>(
  owner: object,
  key: string | undefined,
  run: () => Promise<T>,
): Slot<T> => ({
  owner,
  key,
  request: key === undefined ? undefined : shared(owner, key, run),
});

/**
 * ONE request per `owner` (the API it goes to) and `key` (what it asks): the one {@link startEarly}
 * started if any, else one started by the first render (see `started`), so that renders of the
 * same card share it.
 */
export function useEarlyRequest<T>({
  owner,
  key,
  run,
}: EarlyRequest<T>): EarlyRequestState<T> {
  const [slot, setSlot] = useState(() => open(owner, key, run));
  let active = slot;
  if (slot.owner !== owner || slot.key !== key) {
    active = open(owner, key, run);
    setSlot(active);
  }
  const [, settled] = useReducer((n: number) => n + 1, 0);

  // whether this render already shows the answer: it may arrive between commit and this effect
  const shown = active.request?.result !== undefined;
  useEffect(() => {
    const { request } = active;
    if (!request || active.key === undefined) return undefined;
    release(active.owner, active.key, request);
    if (shown) return undefined;
    let live = true;
    request.settled.then(() => {
      if (live) settled();
    });
    return () => {
      live = false;
    };
  }, [active, shown]);

  // retry runs from timers and clicks, after commit: the committed render's request and key
  const committed = useRef({ active, run });
  useEffect(() => {
    committed.current = { active, run };
  });
  const retry = useCallback(() => {
    const { active: current, run: ask } = committed.current;
    if (current.key === undefined) return;
    const result = current.request?.result;
    const next: Slot<T> = {
      ...current,
      request: begin(ask),
      last: result && 'value' in result ? result.value : current.last,
    };
    committed.current = { active: next, run: ask };
    setSlot(next);
  }, []);

  const result = active.request?.result;
  return {
    loading: active.request !== undefined && result === undefined,
    value: result && 'value' in result ? result.value : active.last,
    error: result && 'error' in result ? result.error : undefined,
    retry,
  };
}
