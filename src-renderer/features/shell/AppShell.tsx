import { useState, type ReactNode } from 'react';
import { useAppStore } from '../../store/appStore';
import { selectUnreadVoicemailCount } from '../../store/callsSlice';
import { selectTotalUnread } from '../../store/conversationsSlice';
import type { Section } from '../../store/uiSlice';
import { CallingOverlays } from '../calling/CallingOverlays';
import { CallingPanel } from '../calling/CallingPanel';
import { LiveDock } from '../calling/LiveDock';
import { ChatPanel } from '../chat/ChatPanel';
import { ContactCardDialog } from '../contactCard/ContactCardDialog';
import { MeetingOverlays } from '../meetings/MeetingOverlays';
import { MeetingsPanel } from '../meetings/MeetingsPanel';
import { Avatar, PresenceDot, presenceLabel } from '../people/PersonBadges';
import { SearchBox } from '../search/SearchBox';
import { ConnectionStatus } from './ConnectionStatus';
import { SetStatusDialog } from './SetStatusDialog';
import { useIdleAway } from './useIdleAway';

const sections: Array<{ id: Section; label: string }> = [
  { id: 'chat', label: 'Chat' },
  { id: 'calling', label: 'Calling' },
  { id: 'meetings', label: 'Meetings' },
];

export function AppShell() {
  const me = useAppStore((state) => state.me)!;
  const section = useAppStore((state) => state.section);
  const showSection = useAppStore((state) => state.showSection);
  const signOut = useAppStore((state) => state.signOut);
  const openConversation = useAppStore((state) => state.openConversation);
  const startChat = useAppStore((state) => state.startChat);
  const joinChannel = useAppStore((state) => state.joinChannel);
  const totalUnread = useAppStore(selectTotalUnread);
  const unreadVoicemails = useAppStore(selectUnreadVoicemailCount);
  const dial = useAppStore((state) => state.dial);
  const startMeeting = useAppStore((state) => state.startMeeting);
  const closeCard = useAppStore((state) => state.closeCard);
  const [settingStatus, setSettingStatus] = useState(false);
  useIdleAway();

  const panels: Record<Section, ReactNode> = {
    chat: <ChatPanel />,
    calling: <CallingPanel />,
    meetings: <MeetingsPanel />,
  };

  return (
    <div className="shell">
      <header className="shell__top">
        <span className="brand brand--small">Meridian</span>
        <SearchBox onChooseChannel={(channel) => void (channel.member ? openConversation(channel.id) : joinChannel(channel.id))} />
        <ConnectionStatus />
        <div className="shell__me">
          <Avatar name={me.displayName} colorKey={me.id} />
          <span className="shell__me-text">
            <span>{me.displayName}</span>
            <span className="muted">
              <PresenceDot presence={me.presence} /> {presenceLabel(me.presence)} · {me.accountName}
            </span>
          </span>
          <button type="button" className="button" onClick={() => setSettingStatus(true)}>
            Set status
          </button>
          <button type="button" className="button button--quiet" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <nav className="shell__nav">
        <div role="tablist" aria-label="Sections" aria-orientation="vertical">
          {sections.map(({ id, label }) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`tab-${id}`}
              aria-selected={section === id}
              aria-controls={`panel-${id}`}
              // The tab is named exactly by its section (SPEC 6); the count describes it.
              aria-label={label}
              aria-describedby={(id === 'chat' && totalUnread > 0) || (id === 'calling' && unreadVoicemails > 0) ? `tab-${id}-count` : undefined}
              className={`shell__tab${section === id ? ' shell__tab--active' : ''}`}
              onClick={() => showSection(id)}
            >
              {label}
              {id === 'chat' && totalUnread > 0 && (
                <span id={`tab-${id}-count`} className="count-badge" title={`${totalUnread} unread`}>
                  {totalUnread}
                  <span className="visually-hidden"> unread</span>
                </span>
              )}
              {id === 'calling' && unreadVoicemails > 0 && (
                <span id={`tab-${id}-count`} className="count-badge" title={`${unreadVoicemails} new voicemail`}>
                  {unreadVoicemails}
                  <span className="visually-hidden"> new voicemail</span>
                </span>
              )}
            </button>
          ))}
        </div>
      </nav>
      <main id={`panel-${section}`} role="tabpanel" aria-labelledby={`tab-${section}`} className="shell__main">
        {panels[section]}
        <LiveDock />
      </main>
      {settingStatus && <SetStatusDialog onClose={() => setSettingStatus(false)} />}
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
      <CallingOverlays />
      <MeetingOverlays />
    </div>
  );
}
