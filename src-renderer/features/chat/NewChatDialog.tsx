import { useAppStore } from '../../store/appStore';
import { PeoplePicker } from '../people/PeoplePicker';
import { Dialog } from '../shell/Dialog';

/** `New chat`: find one person and the 1:1 chat with them opens. */
export function NewChatDialog({ onClose }: { onClose: () => void }) {
  const startChat = useAppStore((state) => state.startChat);
  const me = useAppStore((state) => state.me);
  return (
    <Dialog title="New chat" onClose={onClose} className="dialog--wide">
      <PeoplePicker
        exclude={me ? [me.id] : []}
        onPick={(person) => {
          onClose();
          void startChat(person.id);
        }}
      />
    </Dialog>
  );
}
