import { Paperclip } from 'lucide-react';
import { useRef, useState } from 'react';
import { describeSize, fileTooLargeMessage } from '../../../src-shared/protocol/fileProtocol';
import { getApi } from '../../bridge/api';

type UploadState = { kind: 'idle' } | { kind: 'uploading'; name: string; size: number } | { kind: 'failed'; message: string };

/**
 * `Attach file` (SPEC 6): opens the file chooser, uploads the chosen file into the
 * conversation, then sends the message that carries it. The message shows up in the log the
 * way every message does, through `message:created`.
 */
export function AttachButton({ conversationId }: { conversationId: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<UploadState>({ kind: 'idle' });

  const share = async (file: File) => {
    setState({ kind: 'uploading', name: file.name, size: file.size });
    const api = getApi();
    // Refused here before reading it into memory; the backend refuses it too, whatever a client does.
    const limits = await api.getFileLimits();
    if (limits.ok && file.size > limits.data.maxUploadBytes) return setState({ kind: 'failed', message: fileTooLargeMessage(limits.data.maxUploadBytes) });
    let bytes: ArrayBuffer;
    try {
      bytes = await file.arrayBuffer();
    } catch {
      return setState({ kind: 'failed', message: `${file.name} could not be read.` });
    }
    const uploaded = await api.uploadFile({ conversationId, name: file.name, contentType: file.type, bytes });
    if (!uploaded.ok) return setState({ kind: 'failed', message: uploaded.error.message });
    const sent = await api.sendMessage({ conversationId, text: '', fileId: uploaded.data.id });
    setState(sent.ok ? { kind: 'idle' } : { kind: 'failed', message: sent.error.message });
  };

  return (
    <>
      <button type="button" className="icon-button icon-button--framed composer__attach" aria-label="Attach file" title="Attach file" onClick={() => input.current?.click()} disabled={state.kind === 'uploading'}>
        <Paperclip size={18} aria-hidden="true" />
      </button>
      <input
        ref={input}
        type="file"
        hidden
        tabIndex={-1}
        aria-hidden="true"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = ''; // choosing the same file again is a new share
          if (file) void share(file);
        }}
      />
      {state.kind === 'uploading' && (
        <p role="status" className="attach__notice muted">
          Uploading {state.name} ({describeSize(state.size)})…
        </p>
      )}
      {state.kind === 'failed' && (
        <p role="alert" className="attach__notice attach__notice--failed">
          {state.message}{' '}
          <button type="button" className="button button--quiet" onClick={() => setState({ kind: 'idle' })}>
            Dismiss
          </button>
        </p>
      )}
    </>
  );
}
