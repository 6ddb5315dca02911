import { useAppStore } from '../../store/appStore';
import { PeoplePicker } from '../people/PeoplePicker';
import { Dialog } from '../shell/Dialog';

export function NewChatDialog({ onClose }: { onClose: () => void }) {
  const startChat = useAppStore((state) => state.startChat);
  const me = useAppStore((state) => state.me);
  return (
    <Dialog title="New chat" onClose={onClose}>
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
