import { describe, expect, it } from 'vitest';
import { cspNoncePlaceholder, newCspNonce, rendererContentSecurityPolicy, withCspNonce, withStyleNonce } from './contentSecurityPolicy';

describe("the page's style nonce", () => {
  it('is fresh each time, long enough not to be guessed, and safe in an attribute', () => {
    const nonces = new Set(Array.from({ length: 200 }, () => newCspNonce()));
    expect(nonces.size).toBe(200);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it('replaces every placeholder of the page', () => {
    const html = `<meta property="csp-nonce" nonce="${cspNoncePlaceholder}"><script nonce="${cspNoncePlaceholder}"></script>`;
    expect(withCspNonce(html, 'abc')).toBe('<meta property="csp-nonce" nonce="abc"><script nonce="abc"></script>');
  });

  it('is added to style-src only, leaving every other directive as it was', () => {
    const policy = rendererContentSecurityPolicy(["'self'"]);
    const withNonce = withStyleNonce(policy, 'abc');
    expect(withNonce).toContain("style-src 'self' 'nonce-abc';");
    expect(withNonce.replace(" 'nonce-abc'", '')).toBe(policy);
    expect(withNonce).not.toContain('unsafe-inline');
  });
});
