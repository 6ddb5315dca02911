import { useAppStore } from '../../store/appStore';

/** What a list from the server shows until it is there: loading, or offline until the connection returns. */
export function ListPending({ what }: { what: string }) {
  const connection = useAppStore((state) => state.connection);
  return (
    <p className="empty-state muted" role="status">
      {connection === 'connected' ? `Loading ${what}…` : `You are offline. Your ${what} will show when the connection returns.`}
    </p>
  );
}
