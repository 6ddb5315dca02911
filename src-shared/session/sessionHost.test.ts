import { describe, expect, it } from 'vitest';
import { SessionClient } from './sessionClient';
import { SessionHost } from './sessionHost';

/** A host over a session that never connects: what the renderer's calls do before the network. */
function host(platform: ConstructorParameters<typeof SessionHost>[1]) {
  return new SessionHost(new SessionClient({ serverUrl: 'http://127.0.0.1:9' }), platform);
}

describe('SessionHost.dispatch: every call from the renderer is validated', () => {
  it('refuses an unknown operation and a malformed argument, changing nothing', async () => {
    const opened: string[] = [];
    const subject = host({ openExternal: (url) => void opened.push(url) });
    expect(await subject.dispatch('shell:exec', 'rm -rf /')).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await subject.dispatch('session:signIn', { email: 'a@b.example' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await subject.dispatch('directory:search', { query: 42 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await subject.dispatch('app:setBadgeCount', -1)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(opened).toEqual([]);
  });

  it('opens only http, https, mailto and tel links', async () => {
    const opened: string[] = [];
    const subject = host({ openExternal: (url) => void opened.push(url) });
    expect(await subject.dispatch('app:openExternal', 'file:///etc/passwd')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await subject.dispatch('app:openExternal', 'javascript:alert(1)')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await subject.dispatch('app:openExternal', 'https://example.com/')).toEqual({ ok: true, data: null });
    expect(opened).toEqual(['https://example.com/']);
  });

  it('answers commands with "sign in first" before a session exists', async () => {
    const subject = host({ openExternal: () => undefined });
    expect(await subject.dispatch('directory:search', { query: 'a' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('shows native notifications through the platform and reports clicks by tag', async () => {
    const shown: string[] = [];
    let click: (() => void) | null = null;
    const subject = host({ openExternal: () => undefined, notify: ({ title }, onClick) => void (shown.push(title), (click = onClick)) });
    const clicked: string[] = [];
    subject.subscribe('app:notificationClicked', (tag) => clicked.push(tag));
    expect(await subject.dispatch('app:notify', { title: 'Alice Nguyen', body: 'Hi', tag: 'n1' })).toBe(true);
    expect(shown).toEqual(['Alice Nguyen']);
    click!();
    expect(clicked).toEqual(['n1']);
    expect(await host({ openExternal: () => undefined }).dispatch('app:notify', { title: 'x', body: '' })).toBe(false);
  });
});
