import { useEffect, useRef } from 'react';
import { getApi } from '../../bridge/api';
import { useAppStore } from '../../store/appStore';
import { idleAction } from './idleAway';

/** Watches page activity (the browser build; Electron's window too) and applies idleAction. */
export function useIdleAway(): void {
  const lastInput = useRef(0);
  const autoAway = useRef(false);
  useEffect(() => {
    lastInput.current = Date.now();
    const check = async () => {
      const { me, setPresence } = useAppStore.getState();
      if (!me) return;
      // Electron knows system-wide idle time (powerMonitor); the browser build only this page's.
      const systemIdle = await getApi().systemIdleSeconds().catch(() => null);
      const idleFor = systemIdle === null ? Date.now() - lastInput.current : Math.min(systemIdle * 1000, Date.now() - lastInput.current);
      const action = idleAction(me.presence, autoAway.current, idleFor);
      if (action === 'go-away') {
        autoAway.current = true;
        void setPresence('away', me.statusMessage);
      } else if (action === 'come-back') {
        autoAway.current = false;
        void setPresence('available', me.statusMessage);
      }
    };
    const onInput = () => {
      lastInput.current = Date.now();
      if (autoAway.current) void check();
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
