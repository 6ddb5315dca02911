/**
 * A channel's `Members`: each person left-aligned on one line (the full name on hover), their
 * presence, and their account when it is not the channel's own; the owner account is said once.
 * Unknown people are exactly UNKNOWN USER. (The federation work adds `Shared with …` and
 * distinct avatars for unknown people here.)
 */
import { X } from 'lucide-react';
import type { ConversationSummary, PersonRef } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { layerLevel, useBackLayer } from '../panes/useBackLayer';
import { PersonAvatar, personKey, PersonName, PresenceDot, presenceLabel } from '../people/PersonBadges';

/**
 * `onClose`: the panel lies over the conversation (a small window; a phone's full-screen sheet);
 * `Close members`, Escape inside it and a phone's Back close it, as they close a thread.
 */
export function MembersPanel({ id, conversation, members, onClose }: { id: string; conversation: ConversationSummary; members: PersonRef[] | undefined; onClose?: () => void }) {
  const showCard = useAppStore((state) => state.showCard);
  // A group chat has no owner account: a member's account is said when it is not the viewer's.
  const homeAccount = useAppStore((state) => conversation.accountId ?? state.me?.accountId ?? null);
  useBackLayer(onClose !== undefined, layerLevel.sheet, () => onClose?.());
  return (
    <aside
      id={id}
      className="members"
      aria-labelledby={`${id}-heading`}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !onClose || event.defaultPrevented) return;
        event.preventDefault();
        onClose();
      }}
    >
      <div className="members__top">
        <h3 id={`${id}-heading`} className="members__heading">
          Members{members ? <span className="muted"> · {members.length}</span> : null}
        </h3>
        {onClose && (
          <button type="button" className="icon-button members__close" aria-label="Close members" title="Close members" onClick={onClose}>
            <X size={18} aria-hidden="true" />
          </button>
        )}
      </div>
      {conversation.accountName && <p className="muted members__owner">Channel of {conversation.accountName}</p>}
      {members === undefined ? (
        <p className="muted" role="status">
          Loading members…
        </p>
      ) : (
        <ul aria-label="Members" className="members__list">
          {members.map((member) => (
            <li key={personKey(member)} className="members__item">
              <PersonAvatar person={member} size="small" />
              <span className="members__person">
                <PersonName person={member} onOpen={(userId) => void showCard(userId)} />
                {member.kind === 'person' && (
                  <span className="muted members__detail">
                    <PresenceDot presence={member.presence} /> {presenceLabel(member.presence)}
                    {member.accountId !== homeAccount ? ` · ${member.accountName}` : ''}
                  </span>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
