/**
 * The last line of defence (SPEC 8: nothing a client sends may stop the backend). Every request
 * and socket listener already contains its own errors; should one escape anyway (a callback
 * deep in a library, a promise nobody awaited), it is logged and the backend keeps serving
 * everyone else instead of exiting. Installed by the backend's own process (cli.ts), never by
 * code that shares a process with others (tests, the desktop app's main process).
 */

/** What the guards log with. */
export type ErrorLog = (message: string, error: unknown) => void;

/** Logs uncaught exceptions and unhandled rejections instead of exiting; returns a function that removes the guards. */
export function installProcessGuards(log: ErrorLog = (message, error) => console.error(message, error)): () => void {
  const onException = (error: unknown) => log('[meridian] uncaught exception (the backend keeps serving):', error);
  const onRejection = (reason: unknown) => log('[meridian] unhandled promise rejection (the backend keeps serving):', reason);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
