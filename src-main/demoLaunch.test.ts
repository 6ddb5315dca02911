import { describe, expect, it } from 'vitest';
import { demoLaunchFromArguments, demoWindowBounds, withDemoSignIn } from './demoLaunch';

describe('the demo launch of the desktop app', () => {
  it('reads the person and the side from the command line, in either form', () => {
    expect(demoLaunchFromArguments(['electron', '.', '--demo-sign-in=alice@northwind.example', '--demo-window=right'])).toEqual({ email: 'alice@northwind.example', side: 'right' });
    expect(demoLaunchFromArguments(['electron', '.', '--demo-sign-in', 'bella@contoso.example'])).toEqual({ email: 'bella@contoso.example', side: 'left' });
    expect(demoLaunchFromArguments(['electron', '.', '--server', 'http://127.0.0.1:4100'])).toBeNull();
    expect(demoLaunchFromArguments(['electron', '.', '--demo-sign-in=bella@contoso.example', '--demo-window=right', '--demo-chat=nw-alice'])).toEqual({ email: 'bella@contoso.example', side: 'right', chatWith: 'nw-alice' });
    // A chat that is not a user id is left out; the sign-in still goes ahead.
    expect(demoLaunchFromArguments(['electron', '.', '--demo-sign-in=bella@contoso.example', '--demo-chat=a&demo=x'])).toEqual({ email: 'bella@contoso.example', side: 'left' });
  });

  it('ignores anything that is not an email and a side', () => {
    for (const argv of [
      ['--demo-sign-in=not-an-email'],
      ['--demo-sign-in=a@b.example?server=http://evil.example'],
      ['--demo-sign-in=a@b.example', '--demo-window=top'],
      ['--demo-sign-in'],
    ]) {
      expect(demoLaunchFromArguments(argv)).toBeNull();
    }
  });

  it('puts each window on its half of the screen', () => {
    const workArea = { x: 0, y: 25, width: 1920, height: 1055 };
    expect(demoWindowBounds({ email: 'a@b.example', side: 'left' }, workArea)).toEqual({ x: 0, y: 25, width: 960, height: 1055 });
    expect(demoWindowBounds({ email: 'a@b.example', side: 'right' }, workArea)).toEqual({ x: 960, y: 25, width: 960, height: 1055 });
  });

  it('adds only the person to the app’s own page', () => {
    expect(withDemoSignIn('file:///opt/meridian/out/renderer/index.html', { email: 'alice@northwind.example', side: 'left' })).toBe(
      'file:///opt/meridian/out/renderer/index.html?demo=alice%40northwind.example',
    );
    expect(withDemoSignIn('app://meridian/index.html', { email: 'bella@contoso.example', side: 'right', chatWith: 'nw-alice' })).toBe('app://meridian/index.html?demo=bella%40contoso.example&chat=nw-alice');
  });
});
