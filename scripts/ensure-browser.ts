// Finds (or installs) the Chromium the end-to-end tests drive; exits 1 with one message when none can be had.
// Also finds (or installs) coturn for the TURN test, which is skipped, saying why, where it cannot be had.
import { ensureChromium } from '../e2e/browser';
import { ensureTurnserver, turnUnavailable } from '../e2e/media/turnServer';

const turnserver = ensureTurnserver();
console.log(turnserver ? `TURN server: ${turnserver}` : `TURN server: none; the TURN test will be skipped (${turnUnavailable})`);
process.exit(ensureChromium() ? 0 : 1);
