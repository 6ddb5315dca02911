/** The id of the conversation's `Message` box (a thread's `Reply` box has none). */
export const composerId = 'message-composer';

/** The conversation's `Message` box: where focus goes after an action whose button went away (a deleted message's), or once a conversation is chosen. */
export function composerElement(): HTMLElement | null {
  return document.getElementById(composerId);
}
