import { useMemo, type RefObject } from 'react';
import type { PersonSummary } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { useCompletion } from './useCompletion';

const noMembers: PersonSummary[] = [];

/**
 * Completion for a box that writes into a conversation (the composer's `Message`, a thread's
 * `Reply`): its mentions offer the conversation's members the writer sees (a channel's member
 * list, the other person of a chat), never the writer.
 */
export function useMessageCompletion(conversationId: string, textarea: RefObject<HTMLTextAreaElement | null>, value: string, setValue: (value: string) => void) {
  const members = useAppStore((state) => state.members[conversationId]);
  const peer = useAppStore((state) => state.conversations.find((conversation) => conversation.id === conversationId)?.peer ?? null);
  // `@here` and `@channel` are a channel's (SPEC 9), never a chat's.
  const isChannel = useAppStore((state) => state.conversations.find((conversation) => conversation.id === conversationId)?.kind === 'channel');
  const meId = useAppStore((state) => state.me?.id);
  const candidates = useMemo(() => {
    const people = members ? members.filter((member): member is PersonSummary => member.kind === 'person') : peer ? [peer] : noMembers;
    return people.filter((person) => person.id !== meId);
  }, [members, peer, meId]);
  return useCompletion({ textarea, value, setValue, members: candidates, broadcasts: isChannel });
}
