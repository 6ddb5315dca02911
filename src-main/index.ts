/** The Electron main process entry (out/main/index.js): everything it does is in ./mainProcess.ts. */
import { runMainProcess } from './mainProcess';

runMainProcess();
