/**
 * axe-core (through @axe-core/playwright) on a page as it is now: what the accessibility specs,
 * the phone's page checks and the call's checks all run.
 *
 * In the page itself (legacy mode), details kept for violations only: the app has no frames, and
 * axe's default otherwise runs frame by frame and merges the results in a second, blank page the
 * context opens for each analysis. One analysis took 4–6 s that way on a loaded 2-core machine,
 * about 1 s this way, with the same findings. label-content-name-mismatch is experimental in axe
 * (off by default); the audit of issue 10 ran it, so every check here does too.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** One rule axe found broken: its id, how much it matters, and where (one selector per node). */
export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  nodes: string[];
}

/** What axe finds on `page`, or only within the elements `include` selects. */
export async function axeFindings(page: Page, options: { include?: string } = {}): Promise<AxeFinding[]> {
  const builder = new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } } });
  if (options.include) builder.include(options.include);
  const { violations } = await builder.analyze();
  return violations.map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.map((node) => node.target.join(' ')) }));
}

/** `color-contrast (serious): .a | .b`, for a test's failure message. */
export function describeFinding(finding: AxeFinding): string {
  return `${finding.id} (${finding.impact}): ${finding.nodes.join(' | ')}`;
}

/** Whether a finding fails the desktop checks: serious or critical (the phone's fail on any). */
export function isSerious(finding: AxeFinding): boolean {
  return finding.impact === 'serious' || finding.impact === 'critical';
}
