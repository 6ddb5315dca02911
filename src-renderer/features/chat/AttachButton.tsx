import { Paperclip } from 'lucide-react';
import { useRef } from 'react';

/**
 * `Attach file` (SPEC 6): opens the file chooser, several files at once; the composer uploads
 * what is chosen and sends it with its next message.
 */
export function AttachButton({ onFiles, disabled = false }: { onFiles: (files: File[]) => void; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="icon-button icon-button--framed composer__attach" aria-label="Attach file" title="Attach file" onClick={() => input.current?.click()} disabled={disabled}>
        <Paperclip size={18} aria-hidden="true" />
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        aria-hidden="true"
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = ''; // choosing the same file again is a new share
          if (files.length > 0) onFiles(files);
        }}
      />
    </>
  );
}
