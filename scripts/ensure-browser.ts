// Finds (or installs) the Chromium the end-to-end tests drive; exits 1 with one message when none can be had.
import { ensureChromium } from '../e2e/browser';

process.exit(ensureChromium() ? 0 : 1);
