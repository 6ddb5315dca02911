/**
 * The on-screen keyboard never covers the `Message` box (SPEC 11). Chrome on Android shrinks the
 * page for the keyboard (index.html asks for `interactive-widget=resizes-content`); browsers that
 * do not (Safari on iOS) shrink only the VisualViewport, the part of the page on screen. The
 * phone layout is sized to it: `--viewport-height` and `--viewport-top` on the root element,
 * which phone.css gives the app shell. A pinch-zoom also shrinks the visual viewport, but that is
 * a person looking closer, not a keyboard: the layout stays as it is then.
 */

/** The part of `window.visualViewport` this reads (a stand-in in tests). */
export type ViewportLike = Pick<VisualViewport, 'height' | 'offsetTop' | 'scale' | 'addEventListener' | 'removeEventListener'>;

export function startViewport(root: HTMLElement = document.documentElement, viewport: ViewportLike | null = window.visualViewport): () => void {
  if (!viewport) return () => undefined;
  const update = () => {
    if (Math.abs(viewport.scale - 1) > 0.01) return;
    root.style.setProperty('--viewport-height', `${Math.round(viewport.height)}px`);
    root.style.setProperty('--viewport-top', `${Math.round(viewport.offsetTop)}px`);
    // What had focus (the Message box the keyboard came up for) stays in view.
    const focused = document.activeElement;
    if (focused instanceof HTMLElement && focused.matches('textarea, input')) requestAnimationFrame(() => focused.scrollIntoView({ block: 'nearest' }));
  };
  update();
  viewport.addEventListener('resize', update);
  viewport.addEventListener('scroll', update);
  return () => {
    viewport.removeEventListener('resize', update);
    viewport.removeEventListener('scroll', update);
  };
}
