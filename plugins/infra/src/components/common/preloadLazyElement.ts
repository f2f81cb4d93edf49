import { isValidElement, ReactNode } from 'react';

/** What React.lazy returns: its loader runs on the first `_init`, which React calls on render. */
interface LazyComponent {
  $$typeof: symbol;
  _payload: unknown;
  _init(payload: unknown): unknown;
}

const REACT_LAZY = Symbol.for('react.lazy');

function lazyComponentOf(
  node: ReactNode,
  depth: number,
): LazyComponent | undefined {
  if (!isValidElement(node)) return undefined;
  const type = node.type as Partial<LazyComponent> | string;
  if (
    typeof type === 'object' &&
    type.$$typeof === REACT_LAZY &&
    typeof type._init === 'function'
  ) {
    return type as LazyComponent;
  }
  return depth > 0
    ? lazyComponentOf(
        (node.props as { children?: ReactNode }).children,
        depth - 1,
      )
    : undefined;
}

/**
 * Starts loading the code of an extension's lazy element (`ExtensionBoundary.lazy`: a boundary
 * around a React.lazy component) before React renders it. It is the same lazy component React
 * will render, so the chunk request no longer waits for the element's parent to render (on the
 * entity page: for the entity, then the overview tab, then its layout), and once loaded React
 * renders the element without suspending: one loading state less for React to show and replace.
 *
 * React.lazy has no public preload; `_init` is how React itself starts it (React 16.6 to 19).
 * Anything else (another shape, an element without a lazy child) is left alone: React then loads
 * it on render as before. Returns whether there was anything to start.
 */
export function preloadLazyElement(node: ReactNode): boolean {
  const lazy = lazyComponentOf(node, 2);
  if (!lazy) return false;
  try {
    lazy._init(lazy._payload);
  } catch {
    // still loading (React.lazy throws its promise) or failed: React shows either on render
  }
  return true;
}
