import { useEffect, useRef } from 'react';
import { BackStack } from './backStack';
import { usePhoneLayout } from './layout';

let stack: BackStack | null = null;

/** The page's one back stack, following the browser's history (created on first use). */
export function backStack(): BackStack {
  if (!stack) {
    const created = new BackStack(window.history);
    window.addEventListener('popstate', (event) => created.popped(event.state));
    stack = created;
  }
  return stack;
}

/** The levels of layers: a pane, a sheet over a pane, a dialog over either. */
export const layerLevel = { pane: 1, sheet: 2, dialog: 3 } as const;

/**
 * While `active` in the phone layout, what the component shows is a layer the browser's Back
 * closes (./backStack.ts): `close` is called then. `url` is its address while it is on top.
 */
export function useBackLayer(active: boolean, level: number, close: () => void, url: string | null = null): void {
  const phone = usePhoneLayout();
  const latest = useRef({ close, url });
  useEffect(() => {
    latest.current = { close, url };
  });
  useEffect(() => {
    if (!phone || !active) return;
    return backStack().add({ level, url: () => latest.current.url, close: () => latest.current.close() });
  }, [phone, active, level]);
}
