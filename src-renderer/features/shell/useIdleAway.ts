import { useEffect, useRef } from 'react';
import { useAppStore } from '../../store/appStore';
import { idleAction } from './idleAway';

/** Watches page activity (the browser build; Electron's window too) and applies idleAction. */
export function useIdleAway(): void {
  const lastInput = useRef(0);
  const autoAway = useRef(false);
  useEffect(() => {
    lastInput.current = Date.now();
    const check = () => {
      const { me, setPresence } = useAppStore.getState();
      if (!me) return;
      const action = idleAction(me.presence, autoAway.current, Date.now() - lastInput.current);
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
      if (autoAway.current) check();
    };
    const events = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'focus'] as const;
    for (const event of events) window.addEventListener(event, onInput, { passive: true });
    const timer = setInterval(check, 30_000);
    return () => {
      for (const event of events) window.removeEventListener(event, onInput);
      clearInterval(timer);
    };
  }, []);
}
