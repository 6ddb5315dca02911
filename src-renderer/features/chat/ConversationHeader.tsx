/**
 * A conversation's header: its title (a channel's name, or the other person with their
 * presence), topic, and actions. Buttons keep their names for assistive technology but show
 * only their icons when the conversation is narrow, so nothing wraps. The federation work adds
 * `Shared with …` in `ConversationTitle`.
 */
import { Pencil, LogOut, Pin, UserPlus, Users } from 'lucide-react';
import { useState, type Ref } from 'react';
import type { ConversationSummary } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { ConversationMeetingControls } from '../meetings/ConversationMeetingControls';
import { BackToList } from '../panes/BackToList';
import { FederatedBadge, PresenceDot, presenceLabel } from '../people/PersonBadges';
import { ConfirmDialog } from '../shell/ConfirmDialog';
import { ToolbarButton } from '../shell/ToolbarButton';
import { SharedWith } from '../federation/SharedWith';
import { ChannelDetailsDialog } from './ChannelDetailsDialog';
import { conversationListElement } from './ConversationList';
import { InviteDialog } from './InviteDialog';
import { PinnedMessagesDialog } from './PinnedMessagesDialog';
import { ConversationSettingsMenu } from './ConversationSettingsMenu';
import { RenameGroupDialog } from './RenameGroupDialog';

function ConversationTitle({ conversation }: { conversation: ConversationSummary }) {
  const { peer } = conversation;
  return (
    <div className="conversation-header__title">
      <h2 className="conversation-header__name" title={conversation.title}>
        {conversation.kind === 'channel' ? <span className="conversation-header__hash">#</span> : null}
        <span className="conversation-header__text">{conversation.title}</span>
        {peer?.federated && <FederatedBadge accountName={peer.accountName} />}
      </h2>
      <SharedWith conversation={conversation} className="shared-with--header" />
      {peer && (
        <p className="muted conversation-header__detail">
          <PresenceDot presence={peer.presence} /> {presenceLabel(peer.presence)}
          {peer.statusMessage ? ` — ${peer.statusMessage}` : ''}
          {peer.federated ? ` · ${peer.accountName}` : ''}
        </p>
      )}
      {conversation.topic && (
        <p className="muted conversation-header__detail" title={conversation.topic}>
          {conversation.topic}
        </p>
      )}
    </div>
  );
}

export function ConversationHeader({
  conversation,
  memberIds,
  membersShown,
  membersPanelId,
  membersButton,
  onToggleMembers,
}: {
  conversation: ConversationSummary;
  memberIds: string[];
  membersShown: boolean;
  membersPanelId: string;
  /** The `Members` button, for focus to return to when the panel closes. */
  membersButton?: Ref<HTMLButtonElement>;
  onToggleMembers: () => void;
}) {
  const leaveChannel = useAppStore((state) => state.leaveChannel);
  const [dialog, setDialog] = useState<'invite' | 'edit' | 'leave' | 'pinned' | 'rename' | null>(null);
  const close = () => setDialog(null);
  const channel = conversation.kind === 'channel';
  const group = conversation.kind === 'group';
  return (
    <div className="conversation-header">
      <BackToList />
      <ConversationTitle conversation={conversation} />
      <div className="conversation-header__actions">
        <ConversationMeetingControls conversation={conversation} />
        <ToolbarButton icon={<Pin size={16} aria-hidden="true" />} label="Pinned messages" secondary onClick={() => setDialog('pinned')} />
        <ConversationSettingsMenu conversation={conversation} onPinned={() => setDialog('pinned')} onRename={() => setDialog('rename')} />
        {channel && (
          <>
            <ToolbarButton icon={<UserPlus size={16} aria-hidden="true" />} label="Invite" onClick={() => setDialog('invite')} />
            {conversation.canEdit && <ToolbarButton icon={<Pencil size={16} aria-hidden="true" />} label="Edit channel" secondary onClick={() => setDialog('edit')} />}
            <ToolbarButton icon={<LogOut size={16} aria-hidden="true" />} label="Leave channel" secondary onClick={() => setDialog('leave')} />
            <ToolbarButton icon={<Users size={16} aria-hidden="true" />} label="Members" expanded={membersShown} controls={membersShown ? membersPanelId : undefined} ref={membersButton} onClick={onToggleMembers} />
          </>
        )}
        {group && (
          <>
            <ToolbarButton icon={<UserPlus size={16} aria-hidden="true" />} label="Add people" onClick={() => setDialog('invite')} />
            <ToolbarButton icon={<LogOut size={16} aria-hidden="true" />} label="Leave chat" secondary onClick={() => setDialog('leave')} />
            <ToolbarButton icon={<Users size={16} aria-hidden="true" />} label="Members" expanded={membersShown} controls={membersShown ? membersPanelId : undefined} ref={membersButton} onClick={onToggleMembers} />
          </>
        )}
      </div>
      {dialog === 'invite' &&
        (group ? (
          <InviteDialog channelId={conversation.id} memberIds={memberIds} onClose={close} title="Add people" actionLabel="Add" />
        ) : (
          <InviteDialog channelId={conversation.id} memberIds={memberIds} onClose={close} />
        ))}
      {dialog === 'pinned' && <PinnedMessagesDialog conversation={conversation} onClose={close} />}
      {dialog === 'rename' && <RenameGroupDialog conversation={conversation} onClose={close} />}
      {dialog === 'edit' && <ChannelDetailsDialog channelId={conversation.id} name={conversation.title} topic={conversation.topic} onClose={close} />}
      {dialog === 'leave' && (
        <ConfirmDialog
          question={group ? 'Leave this group chat?' : `Leave # ${conversation.title}?`}
          detail={
            group
              ? 'You can come back only if a member adds you again.'
              : conversation.visibility === 'private'
                ? 'It is private: you can come back only if a member invites you again.'
                : 'You can join it again from Search.'
          }
          actionLabel="Leave"
          onConfirm={() => void leaveChannel(conversation.id)}
          focusAfterAction={conversationListElement}
          onClose={close}
        />
      )}
    </div>
  );
}
