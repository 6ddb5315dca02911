import { useEffect, useState, type ReactNode } from 'react';
import { formatPhone } from '../../../src-shared/domain/phone';
import type { ContactCard } from '../../../src-shared/protocol/model';
import { getApi } from '../../bridge/api';
import { useAppStore } from '../../store/appStore';
import { Avatar, FederatedBadge, PresenceDot, presenceLabel } from '../people/PersonBadges';
import { Dialog, DialogTitle } from '../shell/Dialog';
import { localTime } from './localTime';

/** The time now, again at each new minute (a card left open keeps the right time). */
function useMinute(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const next = () => {
      timer = setTimeout(() => {
        setNow(new Date());
        next();
      }, 60_000 - (Date.now() % 60_000) + 50);
    };
    next();
    return () => clearTimeout(timer);
  }, []);
  return now;
}

/** `Local time 3:04 PM`, and where and how far when it is not the viewer's time (SPEC 9). */
function LocalTimeRow({ timeZone }: { timeZone: string }) {
  const now = useMinute();
  const shown = localTime(timeZone, Intl.DateTimeFormat().resolvedOptions().timeZone, now);
  return (
    <p className="contact-card__local-time">
      Local time {shown.time}
      {shown.difference && <span className="muted"> · {shown.difference}</span>}
    </p>
  );
}

export interface ContactCardActions {
  chat?: (card: ContactCard) => void;
  call?: (card: ContactCard) => void;
  meet?: (card: ContactCard) => void;
}

/** The open contact card (SPEC 1 rule 3), as a modal dialog named by the person. */
export function ContactCardDialog({ actions = {} }: { actions?: ContactCardActions }) {
  const card = useAppStore((state) => state.openCard);
  const cardError = useAppStore((state) => state.cardError);
  const closeCard = useAppStore((state) => state.closeCard);
  if (cardError) {
    return (
      <Dialog title="Contact card" onClose={closeCard}>
        <p role="alert">{cardError}</p>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={closeCard}>
            Close
          </button>
        </div>
      </Dialog>
    );
  }
  return card ? <CardDialog key={card.id} card={card} onClose={closeCard} actions={actions} /> : null;
}

function CardDialog({ card, onClose, actions }: { card: ContactCard; onClose: () => void; actions: ContactCardActions }) {
  const open = (url: string) => void getApi().openExternal(url);
  const rows: Array<[string, ReactNode]> = [
    [
      'Email',
      <a
        href={`mailto:${card.email}`}
        onClick={(event) => {
          event.preventDefault();
          open(`mailto:${card.email}`);
        }}
      >
        {card.email}
      </a>,
    ],
  ];
  if (card.phone) rows.push(['Work phone', formatPhone(card.phone)]);
  if (card.mobile) rows.push(['Mobile', formatPhone(card.mobile)]);
  if (card.extension) rows.push(['Extension', card.extension]);

  return (
    <Dialog title={card.displayName} onClose={onClose} className="contact-card" titleInContent>
      <div className="contact-card__header">
        <Avatar name={card.displayName} colorKey={card.id} size="large" photoId={card.photoId} alt={card.photoId ? `Photo of ${card.displayName}` : undefined} />
        <div className="contact-card__who">
          <DialogTitle className="dialog__title">{card.displayName}</DialogTitle>
          <p className="muted">{[card.title, card.department].filter(Boolean).join(' · ')}</p>
          <p className="contact-card__presence">
            <PresenceDot presence={card.presence} /> {presenceLabel(card.presence)}
            {card.statusMessage && <span className="contact-card__status"> — {card.statusMessage}</span>}
          </p>
          {card.timeZone && <LocalTimeRow timeZone={card.timeZone} />}
        </div>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      {card.federated ? (
        <p className="contact-card__federation">
          <FederatedBadge accountName={card.accountName} /> From federated account: {card.accountName}
        </p>
      ) : (
        <p className="muted">{card.accountName}</p>
      )}
      <dl className="contact-card__details">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <div className="contact-card__actions">
        <button type="button" className="button button--primary" disabled={!actions.chat} onClick={() => actions.chat?.(card)}>
          Chat
        </button>
        <button type="button" className="button" disabled={!actions.call || !(card.phone ?? card.mobile ?? card.extension)} onClick={() => actions.call?.(card)}>
          Call
        </button>
        <button type="button" className="button" disabled={!actions.meet} onClick={() => actions.meet?.(card)}>
          Meet now
        </button>
      </div>
    </Dialog>
  );
}
