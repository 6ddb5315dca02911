import { useEffect, useRef, type MouseEvent, type PointerEvent } from 'react';

/** How long a finger rests before it is a long-press, and how far it may wander meanwhile. */
const pressMs = 500;
const slopPx = 10;

/**
 * A long-press by touch (a finger held still for half a second), as on every phone's messaging
 * app. Never the only way to anything: what it opens is also a tap or a key away. The tap that
 * ends a long-press does not also click what is under the finger, and the browser's own menu of
 * a long-press (copy, select) gives way to the app's.
 */
export function useLongPress(onLongPress: (element: HTMLElement) => void) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const start = useRef<{ x: number; y: number } | null>(null);
  const fired = useRef(false);
  const latest = useRef(onLongPress);
  useEffect(() => {
    latest.current = onLongPress;
  });
  useEffect(() => () => cancelTimer(timer), []);

  const cancel = () => {
    cancelTimer(timer);
    start.current = null;
  };
  return {
    onPointerDown(event: PointerEvent<HTMLElement>) {
      fired.current = false;
      if (event.pointerType !== 'touch' || !event.isPrimary) return;
      start.current = { x: event.clientX, y: event.clientY };
      const element = event.currentTarget;
      cancelTimer(timer);
      timer.current = setTimeout(() => {
        timer.current = null;
        fired.current = true;
        latest.current(element);
      }, pressMs);
    },
    onPointerMove(event: PointerEvent<HTMLElement>) {
      if (!start.current) return;
      if (Math.hypot(event.clientX - start.current.x, event.clientY - start.current.y) > slopPx) cancel();
    },
    onPointerUp: cancel,
    onPointerCancel: cancel,
    onContextMenu(event: MouseEvent<HTMLElement>) {
      if (fired.current || timer.current) event.preventDefault();
    },
    // A browser that follows the lifted finger with a mouse press would move focus off what the long-press focused.
    onMouseDownCapture(event: MouseEvent<HTMLElement>) {
      if (fired.current) event.preventDefault();
    },
    onClickCapture(event: MouseEvent<HTMLElement>) {
      if (!fired.current) return;
      fired.current = false;
      event.preventDefault();
      event.stopPropagation();
    },
  };
}

function cancelTimer(timer: { current: ReturnType<typeof setTimeout> | null }): void {
  if (timer.current) clearTimeout(timer.current);
  timer.current = null;
}
