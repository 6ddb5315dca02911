/**
 * `npm run demo` in the desktop app: it starts two app processes, each with its own
 * `--user-data-dir` (separate sessions), pointed at the demo backend with `--server`, and with
 *
 *   --demo-sign-in=EMAIL --demo-window=left|right
 *
 * Each window then takes one half of the screen and opens the app's own page with the one-click
 * demo link of that person (`?demo=EMAIL`), which the sign-in screen acts on. The email only ever
 * goes into the renderer's own URL (set here, in the main process; navigation elsewhere is denied),
 * and the backend signs in only the listed people of demo data. Pure functions: mainProcess.ts applies them.
 */

/** Where and as whom a demo window opens. */
export interface DemoLaunch {
  email: string;
  side: 'left' | 'right';
}

/** A window's place on the screen, as Electron's Rectangle. */
export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

const emailPattern = /^[^\s@/?#&]{1,64}@[^\s@/?#&]{1,255}$/;

function valueOf(argv: readonly string[], name: string): string | undefined {
  const inline = argv.find((argument) => argument.startsWith(`${name}=`));
  if (inline) return inline.slice(name.length + 1);
  const index = argv.indexOf(name);
  return index === -1 ? undefined : argv[index + 1];
}

/** The demo launch named on the command line, or null (none, or not valid: the app then starts as usual). */
export function demoLaunchFromArguments(argv: readonly string[]): DemoLaunch | null {
  const email = valueOf(argv, '--demo-sign-in');
  if (email === undefined) return null;
  const side = valueOf(argv, '--demo-window') ?? 'left';
  if (!emailPattern.test(email) || (side !== 'left' && side !== 'right')) {
    console.error(`Meridian: ignoring the demo launch (--demo-sign-in needs an email, --demo-window left or right; got ${JSON.stringify([email, side])}).`);
    return null;
  }
  return { email, side };
}

/** One half of the work area, left or right. */
export function demoWindowBounds(launch: DemoLaunch, workArea: Bounds): Bounds {
  const width = Math.floor(workArea.width / 2);
  return { x: workArea.x + (launch.side === 'left' ? 0 : width), y: workArea.y, width, height: workArea.height };
}

/** The renderer page with the person's one-click demo link. */
export function withDemoSignIn(rendererUrl: string, launch: DemoLaunch): string {
  const url = new URL(rendererUrl);
  url.searchParams.set('demo', launch.email);
  return url.href;
}
