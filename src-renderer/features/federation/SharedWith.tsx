/** SPEC 6 "shared channel": a channel with members of other accounts says so, naming those the viewer sees. */
import { wordList } from '../../../src-shared/domain/wordList';
import type { ConversationSummary } from '../../../src-shared/protocol/model';
import './federation.css';

/** The words, or null for a conversation that is not a shared channel. */
export function sharedWithText(conversation: Pick<ConversationSummary, 'kind' | 'sharedWith' | 'hasUnknownMembers'>): string | null {
  if (conversation.kind !== 'channel') return null;
  // Members the viewer does not see are not named, not even by account: their accounts are not the viewer's to know.
  const names = [...conversation.sharedWith, ...(conversation.hasUnknownMembers ? ['people you do not see'] : [])];
  return names.length > 0 ? `Shared with ${wordList(names)}` : null;
}

export function SharedWith({ conversation, className = '' }: { conversation: Pick<ConversationSummary, 'kind' | 'sharedWith' | 'hasUnknownMembers'>; className?: string }) {
  const text = sharedWithText(conversation);
  if (!text) return null;
  return (
    <span className={`shared-with ${className}`} title={text}>
      {text}
    </span>
  );
}
