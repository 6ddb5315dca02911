import { createHash } from 'node:crypto';

/** The one direct conversation of two people, whichever of them starts it. */
export function directConversationId(first: string, second: string): string {
  const [a, b] = [first, second].sort();
  return `dm-${createHash('sha256').update(`${a}\n${b}`).digest('base64url').slice(0, 22)}`;
}
