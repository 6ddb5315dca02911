import * as Tabs from '@radix-ui/react-tabs';
import { CalendarDays, MessageSquare, Phone, type LucideIcon } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { useAppStore } from '../../store/appStore';
import { selectUnreadVoicemailCount } from '../../store/callsSlice';
import { selectTotalUnread } from '../../store/conversationListSlice';
import type { Section } from '../../store/uiSlice';
import { CallingOverlays } from '../calling/CallingOverlays';
import { CallingPanel } from '../calling/CallingPanel';
import { LiveDock, useLiveFillsScreen } from '../calling/LiveDock';
import { ChatPanel } from '../chat/ChatPanel';
import { composerElement, composerId } from '../chat/composerElement';
import { ContactCardDialog } from '../contactCard/ContactCardDialog';
import { ProfileDialog } from '../profile/ProfileDialog';
import { MeetingOverlays } from '../meetings/MeetingOverlays';
import { MeetingsPanel } from '../meetings/MeetingsPanel';
import { Avatar, PresenceDot, presenceLabel } from '../people/PersonBadges';
import { SearchBox } from '../search/SearchBox';
import { ThemeMenu } from '../theme/ThemeMenu';
import { usePhoneLayout } from '../panes/layout';
import { layerLevel, useBackLayer } from '../panes/useBackLayer';
import { usePaneNavigation } from '../panes/usePaneNavigation';
import { PaneBoundary } from './Boundary';
import { ConnectionStatus } from './ConnectionStatus';
import { KeyboardShortcuts } from './KeyboardShortcuts';
import { SetStatusDialog } from './SetStatusDialog';
import { useIdleAway } from './useIdleAway';

const sections: Array<{ id: Section; label: string; Icon: LucideIcon }> = [
  { id: 'chat', label: 'Chat', Icon: MessageSquare },
  { id: 'calling', label: 'Calling', Icon: Phone },
  { id: 'meetings', label: 'Meetings', Icon: CalendarDays },
];

const panels: Record<Section, () => ReactNode> = {
  chat: () => <ChatPanel />,
  calling: () => <CallingPanel />,
  meetings: () => <MeetingsPanel />,
};

/**
 * The signed-in app: a banner (search, connection, the person), the section tabs (Radix UI's
 * Tabs: arrow keys move between them), the open section in the main landmark, and the dock for
 * the call and meeting under way. On a phone (features/panes) the tabs are a bar at the bottom,
 * one pane shows at a time (`data-pane`: the list, or what was opened from it), and the person's
 * own controls fold behind `Account`.
 */
export function AppShell() {
  const me = useAppStore((state) => state.me)!;
  const section = useAppStore((state) => state.section);
  const showSection = useAppStore((state) => state.showSection);
  const signOut = useAppStore((state) => state.signOut);
  const openConversation = useAppStore((state) => state.openConversation);
  const startChat = useAppStore((state) => state.startChat);
  const joinChannel = useAppStore((state) => state.joinChannel);
  const requestComposerFocus = useAppStore((state) => state.requestComposerFocus);
  const totalUnread = useAppStore(selectTotalUnread);
  const unreadVoicemails = useAppStore(selectUnreadVoicemailCount);
  const dial = useAppStore((state) => state.dial);
  const startMeeting = useAppStore((state) => state.startMeeting);
  const closeCard = useAppStore((state) => state.closeCard);
  const [settingStatus, setSettingStatus] = useState(false);
  const [editingProfile, setEditingProfile] = useState(false);
  // A conversation is on screen, so there is a Message box to skip to.
  const hasMessageBox = useAppStore((state) => state.section === 'chat' && state.activeConversationId !== null && state.chatPane === null);
  const phone = usePhoneLayout();
  const [accountOpen, setAccountOpen] = useState(false);
  const detailOpen = useAppStore((state) => state.section === 'chat' && (state.activeConversationId !== null || state.messageSearch.open || state.chatPane !== null));
  const liveFillsScreen = useLiveFillsScreen();
  useIdleAway();
  usePaneNavigation();
  useBackLayer(phone && accountOpen, layerLevel.pane, () => setAccountOpen(false));

  const counts: Record<Section, { count: number; label: string }> = {
    chat: { count: totalUnread, label: 'unread' },
    calling: { count: unreadVoicemails, label: 'new voicemail' },
    meetings: { count: 0, label: '' },
  };

  return (
    <div className="shell" data-pane={liveFillsScreen ? 'live' : detailOpen ? 'detail' : 'list'}>
      {/* First on the page (SPEC 9): past the banner, the tabs and the list, straight to writing. */}
      {hasMessageBox && (
        <a
          href={`#${composerId}`}
          className="skip-link"
          onClick={(event) => {
            event.preventDefault();
            composerElement()?.focus();
          }}
        >
          Skip to message box
        </a>
      )}
      <header className="shell__top">
        <h1 className="brand brand--small">Meridian</h1>
        {phone && (
          <button type="button" className="shell__account-toggle" aria-label="Account" aria-expanded={accountOpen} aria-controls="shell-account" onClick={() => setAccountOpen(!accountOpen)}>
            <Avatar name={me.displayName} colorKey={me.id} photoId={me.photoId} />
            <PresenceDot presence={me.presence} />
          </button>
        )}
        <SearchBox
          onChooseChannel={(channel) => {
            if (!channel.member) return void joinChannel(channel.id);
            requestComposerFocus(channel.id);
            void openConversation(channel.id);
          }}
        />
        <ConnectionStatus />
        {phone && accountOpen && <div className="shell__account-backdrop" aria-hidden="true" onClick={() => setAccountOpen(false)} />}
        <div
          id="shell-account"
          className={`shell__me${accountOpen ? ' shell__me--open' : ''}`}
          onKeyDown={(event) => {
            if (event.key !== 'Escape' || !phone || event.defaultPrevented) return;
            setAccountOpen(false);
            document.querySelector<HTMLElement>('.shell__account-toggle')?.focus();
          }}
        >
          {/*
            The own name (and photo) is the way to one's profile, a button named `Profile` (SPEC 6), laid
            over them: they stay text that is read as it is, and the button's name is not one that
            differs from its text. On a narrow window the photo alone shows, under the same button.
          */}
          <div className="shell__me-who">
            <Avatar name={me.displayName} colorKey={me.id} photoId={me.photoId} />
            <span className="shell__me-text">
              <span className="shell__me-name">{me.displayName}</span>
              <span className="muted shell__me-detail">
                <PresenceDot presence={me.presence} /> {presenceLabel(me.presence)}
                {/* One's own status message, as others see it on one's card (issue 20, 12). */}
                {me.statusMessage && (
                  <>
                    {' · '}
                    <span className="shell__me-status" title={me.statusMessage}>
                      {me.statusMessage}
                    </span>
                  </>
                )}
                {' · '}
                {me.accountName}
              </span>
            </span>
            <button type="button" className="shell__me-profile" aria-label="Profile" title={`Profile: ${me.displayName}`} onClick={() => setEditingProfile(true)} />
          </div>
          <button type="button" className="button" onClick={() => setSettingStatus(true)} title={me.statusMessage ?? undefined}>
            Set status
          </button>
          <ThemeMenu />
          <button type="button" className="button button--quiet" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <Tabs.Root className="shell__sections" value={section} onValueChange={(value) => showSection(value as Section)} orientation={phone ? 'horizontal' : 'vertical'}>
        <nav className="shell__nav" aria-label="Sections">
          <Tabs.List className="shell__tabs" aria-label="Sections">
            {sections.map(({ id, label, Icon }) => {
              const { count, label: countLabel } = counts[id];
              return (
                <Tabs.Trigger key={id} value={id} className="shell__tab" aria-describedby={count > 0 ? `tab-${id}-count` : undefined}>
                  <span className="shell__tab-icon" aria-hidden="true">
                    <Icon size={22} />
                  </span>
                  <span className="shell__tab-label">{label}</span>
                  {/* The tab is named exactly by its section (SPEC 6): the count is hidden from its name and describes it instead. */}
                  {count > 0 && (
                    <span id={`tab-${id}-count`} className="count-badge shell__tab-count" title={`${count} ${countLabel}`} aria-hidden="true">
                      {count}
                      <span className="visually-hidden"> {countLabel}</span>
                    </span>
                  )}
                </Tabs.Trigger>
              );
            })}
          </Tabs.List>
        </nav>
        <main className="shell__main">
          <div className="shell__stage">
            {sections.map(({ id }) => (
              <Tabs.Content key={id} value={id} className="shell__panel">
                {section === id && <PaneBoundary name={sections.find((entry) => entry.id === id)!.label}>{panels[id]()}</PaneBoundary>}
              </Tabs.Content>
            ))}
            <PaneBoundary name="The call and meeting dock">
              <LiveDock />
            </PaneBoundary>
          </div>
          <CallingOverlays />
          <MeetingOverlays />
        </main>
      </Tabs.Root>
      {settingStatus && <SetStatusDialog onClose={() => setSettingStatus(false)} />}
      {editingProfile && <ProfileDialog onClose={() => setEditingProfile(false)} />}
      <KeyboardShortcuts />
      <ContactCardDialog
        actions={{
          chat: (card) => void startChat(card.id),
          call: (card) => {
            closeCard();
            // Work phone first; else the mobile; else (own account only) the extension.
            const target = card.phone ?? card.mobile ?? card.extension;
            if (target) void dial(target);
          },
          meet: (card) => {
            closeCard();
            void startMeeting({ userId: card.id });
          },
        }}
      />
    </div>
  );
}
