/**
 * `Clear after` in `Set status` (SPEC 6, 9): the choices, and the time each one means from now on
 * the person's own clock. The server stores that time and clears the message when it comes.
 */
export const clearAfterChoices = ['never', '30m', '1h', '4h', 'today', 'week'] as const;
export type ClearAfter = (typeof clearAfterChoices)[number];

export const clearAfterLabels: Record<ClearAfter, string> = {
  never: 'Never',
  '30m': '30 minutes',
  '1h': '1 hour',
  '4h': '4 hours',
  today: 'Today',
  week: 'This week',
};

const minute = 60_000;

/** When a status set at `now` with this choice clears itself (ISO), or null for never. `Today` ends at local midnight, `This week` at the local midnight that starts Monday. */
export function statusClearsAt(choice: ClearAfter, now: Date): string | null {
  switch (choice) {
    case 'never':
      return null;
    case '30m':
      return new Date(now.getTime() + 30 * minute).toISOString();
    case '1h':
      return new Date(now.getTime() + 60 * minute).toISOString();
    case '4h':
      return new Date(now.getTime() + 240 * minute).toISOString();
    case 'today':
      return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).toISOString();
    case 'week': {
      // Days to the next Monday (getDay: Sunday 0 … Saturday 6); on a Monday, the one after.
      const days = ((8 - now.getDay()) % 7) || 7;
      return new Date(now.getFullYear(), now.getMonth(), now.getDate() + days).toISOString();
    }
  }
}
