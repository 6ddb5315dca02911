/**
 * A shared image, enlarged (SPEC 7 "easier file sharing"): a dialog named by the image's file
 * name, with the conversation's other images a key away (Left and Right arrows, or `Previous
 * image` and `Next image`), `Download`, and Escape to close.
 */
import { ChevronLeft, ChevronRight, Download } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { maxPreviewBytes, previewableImageTypes } from '../../../src-shared/protocol/fileProtocol';
import type { SharedFile } from '../../../src-shared/protocol/model';
import { getApi } from '../../bridge/api';
import { useAppStore } from '../../store/appStore';
import { Dialog } from '../shell/Dialog';

/** Whether a shared file shows as an image (in the log and in the viewer). */
export function isPreviewableImage(file: SharedFile): boolean {
  return previewableImageTypes.includes(file.contentType) && file.size <= maxPreviewBytes;
}

/** An image's bytes as a blob: URL (the renderer never loads from the server's origin), revoked when done. */
export function useImageUrl(file: SharedFile): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    let current = true;
    void getApi()
      .previewFile(file.id)
      .then((result) => {
        if (!current || !result.ok) return;
        objectUrl = URL.createObjectURL(new Blob([result.data.bytes], { type: result.data.contentType }));
        setUrl(objectUrl);
      });
    return () => {
      current = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      setUrl(null);
    };
  }, [file.id]);
  return url;
}

export function ImageViewer({ conversationId, file, onClose }: { conversationId: string; file: SharedFile; onClose: () => void }) {
  const messages = useAppStore((state) => state.histories[conversationId]?.messages);
  // The conversation's images as loaded, in order (replies among them); the one opened is always there.
  const images = useMemo(() => {
    const found = (messages ?? []).flatMap((message) => (message.file && isPreviewableImage(message.file) ? [message.file] : []));
    return found.some((candidate) => candidate.id === file.id) ? found : [file];
  }, [messages, file]);
  const [shownId, setShownId] = useState(file.id);
  const index = Math.max(0, images.findIndex((candidate) => candidate.id === shownId));
  const shown = images[index] ?? file;
  const url = useImageUrl(shown);
  const [error, setError] = useState<string | null>(null);
  const go = (step: number) => {
    const next = images[index + step];
    if (next) setShownId(next.id);
  };

  return (
    <Dialog title={shown.name} onClose={onClose} className="dialog--image">
      <div
        className="image-viewer"
        // Arrow keys move between images wherever focus is in the dialog.
        onKeyDown={(event) => {
          if (event.key === 'ArrowLeft') go(-1);
          else if (event.key === 'ArrowRight') go(1);
        }}
      >
        <div className="image-viewer__stage">{url ? <img className="image-viewer__image" src={url} alt={shown.name} /> : <p className="muted">Loading…</p>}</div>
        <div className="image-viewer__bar">
          {/* aria-disabled, not disabled: a button that goes disabled under the focus would drop it, and the arrow keys with it. */}
          <button type="button" className="button" aria-label="Previous image" aria-disabled={index === 0} onClick={() => go(-1)}>
            <ChevronLeft size={16} aria-hidden="true" />
          </button>
          <span className="muted" aria-live="polite">
            {index + 1} of {images.length}
          </span>
          <button type="button" className="button" aria-label="Next image" aria-disabled={index >= images.length - 1} onClick={() => go(1)}>
            <ChevronRight size={16} aria-hidden="true" />
          </button>
          <button
            type="button"
            className="button image-viewer__download"
            onClick={() => {
              setError(null);
              void getApi()
                .downloadFile(shown.id)
                .then((result) => setError(result.ok ? null : result.error.message));
            }}
          >
            <Download size={16} aria-hidden="true" />
            Download
          </button>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
        {error && (
          <p role="alert" className="form-error">
            {error}
          </p>
        )}
      </div>
    </Dialog>
  );
}
