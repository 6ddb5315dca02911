/**
 * Checks of what a phone's screen shows, run in the page: touch targets a finger can hit, nothing
 * wider than the screen, and axe-core with nothing to report. The functions passed to `evaluate`
 * name the page's globals themselves (the e2e code compiles without the DOM library).
 */
import type { Page } from '@playwright/test';
import { axeFindings, describeFinding } from '../axe';
import { expect } from './phone';

/** The little of the DOM these checks use. */
interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}
interface Element {
  tagName: string;
  id: string;
  className: unknown;
  textContent: string | null;
  parentElement: Element | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Box;
  matches(selector: string): boolean;
  closest(selector: string): Element | null;
  contains(other: Element | null): boolean;
  checkVisibility(options: object): boolean;
  scrollWidth: number;
  clientWidth: number;
  childNodes: ArrayLike<{ nodeType: number; textContent: string | null }>;
}
interface PageGlobals {
  innerWidth: number;
  innerHeight: number;
  document: { querySelectorAll(selector: string): ArrayLike<Element>; elementFromPoint(x: number, y: number): Element | null; documentElement: Element; body: Element };
  getComputedStyle(element: Element): { display: string; overflowX: string };
}

/**
 * Every control a finger can reach now (visible, on screen, not covered, not hidden from
 * assistive technology) that is smaller than 44×44 px and does not answer a touch anywhere in
 * the 44×44 square around its middle (a wider hit area counts: the points are hit-tested). A
 * radio's or checkbox's target is its label. Links and buttons inside a sentence are exempt, as
 * in WCAG 2.5.8 ("inline"): a mention or a link in a message. Returns one line per offender.
 */
export function undersizedTargets(page: Page, minimum = 44): Promise<string[]> {
  return page.evaluate((size) => {
    const page = globalThis as unknown as PageGlobals;
    const selector =
      'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="tab"], [role="option"], [role="menuitem"], [role="menuitemradio"], [role="checkbox"], [role="radio"], [role="switch"], [role="link"]';
    const describe = (element: Element) => {
      const name = element.getAttribute('aria-label') ?? (element.textContent ?? '').trim().slice(0, 40);
      return `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/).join('.')}` : ''} “${name}”`;
    };
    const inSentence = (element: Element) => {
      if (page.getComputedStyle(element).display !== 'inline') return false;
      const parent = element.parentElement;
      if (!parent) return false;
      return [...Array.from(parent.childNodes)].some((node) => node.nodeType === 3 && (node.textContent ?? '').trim() !== '');
    };
    const problems: string[] = [];
    for (const control of Array.from(page.document.querySelectorAll(selector))) {
      if (control.closest('[aria-hidden="true"], [inert]')) continue;
      if (!control.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      const target = control.matches('input[type="radio"], input[type="checkbox"]') ? (control.closest('label') ?? control) : control;
      const box = target.getBoundingClientRect();
      // 1×1 px: visually hidden, for screen readers (its visible twin is what a finger hits).
      if (box.width * box.height < 4) continue;
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      if (x < 0 || y < 0 || x > page.innerWidth || y > page.innerHeight) continue;
      const hits = (px: number, py: number) => {
        const hit = page.document.elementFromPoint(Math.min(Math.max(px, 0), page.innerWidth - 1), Math.min(Math.max(py, 0), page.innerHeight - 1));
        return hit !== null && (target.contains(hit) || hit.contains(target));
      };
      // Under something else (a sheet, the bar over a scroller): not within a finger's reach now.
      if (!hits(x, y)) continue;
      if (box.width >= size && box.height >= size) continue;
      if (inSentence(control)) continue;
      const half = size / 2 - 1;
      const corners: Array<[number, number]> = [
        [x - half, y - half],
        [x + half, y - half],
        [x - half, y + half],
        [x + half, y + half],
      ];
      if (corners.every(([px, py]) => hits(px, py))) continue;
      problems.push(`${describe(control)} ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
    return problems;
  }, minimum);
}

/**
 * Whatever makes the screen scroll sideways or runs past its edges: the page itself, a box that
 * scrolls sideways (code blocks may), or anything wider than the screen that nothing but the page
 * cuts off (on a phone the page itself does not scroll, so it would just be out of reach).
 */
export function horizontalOverflow(page: Page): Promise<string[]> {
  // The screen's width, not the page's: a phone's browser widens its layout viewport (zooms out) to fit content that is too wide.
  const screenWidth = page.viewportSize()!.width;
  return page.evaluate((screen) => {
    const page = globalThis as unknown as PageGlobals;
    const problems: string[] = [];
    const root = page.document.documentElement;
    const name = (element: Element) => `${element.tagName.toLowerCase()}${typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/).join('.')}` : ''}`;
    if (root.scrollWidth > screen + 1) problems.push(`the page is ${root.scrollWidth} px wide on a ${screen} px screen`);
    const clippedAbove = (element: Element) => {
      for (let parent = element.parentElement; parent && parent !== page.document.body; parent = parent.parentElement) {
        if (page.getComputedStyle(parent).overflowX !== 'visible') return true;
      }
      return false;
    };
    for (const element of Array.from(page.document.querySelectorAll('body *'))) {
      if (element.matches('pre, pre *, code')) continue;
      const { overflowX } = page.getComputedStyle(element);
      if ((overflowX === 'auto' || overflowX === 'scroll') && element.scrollWidth > element.clientWidth + 1) {
        problems.push(`${name(element)} scrolls sideways (${element.scrollWidth} in ${element.clientWidth} px)`);
      }
      const box = element.getBoundingClientRect();
      if (box.width * box.height < 4 || !element.checkVisibility({ visibilityProperty: true })) continue;
      if ((box.left + box.width > screen + 1 || box.left < -1) && !clippedAbove(element)) {
        problems.push(`${name(element)} runs past the screen's edge (${Math.round(box.left)} to ${Math.round(box.left + box.width)} px of ${screen})`);
      }
    }
    return problems;
  }, screenWidth);
}

/** What a person sees on a phone holds up: targets, width, and axe-core reports nothing at all. */
export async function expectPhoneReady(page: Page, what: string, options: { axe?: boolean } = {}): Promise<void> {
  expect(await undersizedTargets(page), `touch targets under 44×44 px on ${what}`).toEqual([]);
  expect(await horizontalOverflow(page), `sideways scrolling on ${what}`).toEqual([]);
  if (options.axe === false) return;
  expect((await axeFindings(page)).map(describeFinding), `axe-core on ${what}`).toEqual([]);
}
