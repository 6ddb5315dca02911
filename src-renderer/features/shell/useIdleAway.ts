import { useEffect, useRef } from 'react';
import { getApi } from '../../bridge/api';
import { useAppStore } from '../../store/appStore';
import { idleReport } from './idleAway';

/** Watches input (system-wide in Electron, this page in the browser build) and reports idleness. */
export function useIdleAway(): void {
  const lastInput = useRef(0);
  const reportedIdle = useRef(false);
  useEffect(() => {
    lastInput.current = Date.now();
    const check = async () => {
      if (!useAppStore.getState().me) return;
      // Electron knows system-wide idle time (powerMonitor); the browser build only this page's.
      const systemIdle = await getApi().systemIdleSeconds().catch(() => null);
      const pageIdle = Date.now() - lastInput.current;
      const report = idleReport(reportedIdle.current, systemIdle === null ? pageIdle : Math.min(systemIdle * 1000, pageIdle));
      if (report === null) return;
      reportedIdle.current = report;
      void getApi().setIdle({ idle: report });
    };
    const onInput = () => {
      lastInput.current = Date.now();
      if (reportedIdle.current) void check();
    };
    const events = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'focus'] as const;
    for (const event of events) window.addEventListener(event, onInput, { passive: true });
    const timer = setInterval(() => void check(), 30_000);
    return () => {
      for (const event of events) window.removeEventListener(event, onInput);
      clearInterval(timer);
    };
  }, []);
}
