import { useEffect } from 'react';
import { getApi } from '../../bridge/api';
import { useAppStore } from '../../store/appStore';
import { parseRoute, routeHash, type AppRoute } from './appRoute';
import { usePhoneLayout } from './layout';
import { leaveConversation } from './BackToList';
import { backStack, layerLevel, useBackLayer } from './useBackLayer';

/**
 * Opens what a route names, leaving open what it already shows (Back to a conversation from its
 * thread does not load the conversation again). A link to a message opens its conversation at
 * that message when the viewer may read it; otherwise the conversation says why it cannot open.
 */
export async function openRoute(route: AppRoute): Promise<void> {
  const state = useAppStore.getState();
  if (route.section !== 'chat' || !route.conversationId) {
    state.showSection(route.section);
    return;
  }
  const conversationId = route.conversationId;
  if (route.messageId) {
    // The message's place in its conversation; the backend answers only a reader, the same for a message that does not exist.
    const found = await getApi().getThread({ messageId: route.messageId, limit: 1 });
    if (found.ok && found.data.root.conversationId === conversationId) {
      await state.openConversationAt(conversationId, { id: found.data.root.id, seq: found.data.root.seq, threadId: null });
      return;
    }
  }
  if (state.section !== 'chat' || state.activeConversationId !== conversationId) await state.openConversation(conversationId);
  if (route.threadRootId && useAppStore.getState().openThread?.rootId !== route.threadRootId) await useAppStore.getState().openThreadOf(conversationId, route.threadRootId);
}

/**
 * The app's address follows where it is (./appRoute.ts), and an address opens what it names: the
 * one the app was opened with, one typed or a link followed within the page (a popstate on an
 * entry the back stack did not write: browsers fire one for a new fragment). In the phone layout the open
 * conversation is a pane over the list, with its own entry in the history (./backStack.ts).
 */
export function usePaneNavigation(): void {
  const phone = usePhoneLayout();
  const section = useAppStore((state) => state.section);
  const conversationId = useAppStore((state) => (state.section === 'chat' ? state.activeConversationId : null));
  const threadRootId = useAppStore((state) => (state.openThread && state.openThread.conversationId === conversationId ? state.openThread.rootId : null));

  useEffect(() => {
    const follow = () => {
      const route = parseRoute(window.location.hash);
      if (route) void openRoute(route);
    };
    follow();
    // Followed on popstate, before the back stack writes its own address over the entry.
    backStack().followAddresses(follow);
    return () => {
      backStack().followAddresses(null);
      // The shell goes when the person signs out (or their session ends): the address no longer
      // names their conversation, or the next person to sign in on this page would be taken to it.
      backStack().setBaseUrl(`${window.location.pathname}${window.location.search}`);
    };
  }, []);

  // On a phone the page's own entry is the section; what opens over it brings its own address.
  useEffect(() => {
    backStack().setBaseUrl(phone ? routeHash({ section }) : routeHash({ section, conversationId, threadRootId }));
  }, [phone, section, conversationId, threadRootId]);

  useBackLayer(phone && conversationId !== null, layerLevel.pane, leaveConversation, conversationId ? routeHash({ section: 'chat', conversationId }) : null);
}
