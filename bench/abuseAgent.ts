/**
 * One side of `npm run bench:abuse`, in a process of its own so its work does not share the
 * backend's event loop: `abuser` abuses until told to stop, `victim` works for a while and
 * times it. Options arrive as JSON in argv[2]; the report goes back over IPC.
 */
import { runVictim, startAbuser, type AbuserOptions, type VictimOptions } from '../src-backend/testing/abuse';

async function main(): Promise<void> {
  const { role, ...options } = JSON.parse(process.argv[2] ?? '{}') as ({ role: 'abuser' } & AbuserOptions) | ({ role: 'victim' } & VictimOptions);
  if (role === 'victim') {
    process.send?.(await runVictim(options as VictimOptions));
    process.exit(0);
  }
  const abuser = startAbuser(options as AbuserOptions);
  process.on('message', () => void abuser.stop().then((report) => {
    process.send?.(report);
    process.exit(0);
  }));
  await abuser.ready;
  process.send?.('started');
}

void main();
