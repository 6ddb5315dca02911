/**
 * `npm run demo` in the desktop app: it starts two app processes, each with its own
 * `--user-data-dir` (separate sessions), pointed at the demo backend with `--server`, and with
 *
 *   --demo-sign-in=EMAIL --demo-window=left|right [--demo-chat=USER_ID]
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
  /** Whose chat the window opens once signed in. */
  chatWith?: string;
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
  const chatWith = valueOf(argv, '--demo-chat');
  if (chatWith !== undefined && !/^[\w.-]{1,200}$/.test(chatWith)) {
    console.error(`Meridian: ignoring --demo-chat (a user id, like nw-alice; got ${JSON.stringify(chatWith)}).`);
    return { email, side };
  }
  return chatWith === undefined ? { email, side } : { email, side, chatWith };
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
  if (launch.chatWith) url.searchParams.set('chat', launch.chatWith);
  return url.href;
}
