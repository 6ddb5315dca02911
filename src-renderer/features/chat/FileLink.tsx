import { Maximize2 } from 'lucide-react';
import { useState } from 'react';
import { describeSize, filePaths } from '../../../src-shared/protocol/fileProtocol';
import type { SharedFile } from '../../../src-shared/protocol/model';
import { getApi } from '../../bridge/api';
import { ImageViewer, isPreviewableImage, useImageUrl } from './ImageViewer';

/**
 * A shared file in the log (SPEC 6): a link named by the file's name. Clicking it asks for a
 * fresh signed download URL (the session host does) and downloads it; the link's own address
 * is only what a hover shows, since it alone downloads nothing. An image shows above its link;
 * choosing it enlarges it.
 */
export function FileLink({ file, conversationId }: { file: SharedFile; conversationId: string }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
    {isPreviewableImage(file) && <ImagePreview file={file} conversationId={conversationId} />}
    <p className="message__file">
      <a
        href={filePaths.download(file.id)}
        onClick={(event) => {
          event.preventDefault();
          setError(null);
          void getApi()
            .downloadFile(file.id)
            .then((result) => setError(result.ok ? null : result.error.message));
        }}
      >
        {file.name}
      </a>{' '}
      <span className="muted">{describeSize(file.size)}</span>
      {error && (
        <span role="alert" className="attach__notice--failed">
          {' '}
          {error}
        </span>
      )}
    </p>
    </>
  );
}

/** A shared image in the log, from its bytes; a button that enlarges it. */
function ImagePreview({ file, conversationId }: { file: SharedFile; conversationId: string }) {
  const url = useImageUrl(file);
  const [enlarged, setEnlarged] = useState(false);
  if (!url) return null;
  return (
    <>
      {/* The image stays an image to assistive technology (a button would hide it); its button is beside it. */}
      <div className="message__image-frame">
        <img className="message__image" src={url} alt={file.name} onClick={() => setEnlarged(true)} />
        <button type="button" className="icon-button message__image-enlarge" aria-label={`Enlarge ${file.name}`} title="Enlarge" onClick={() => setEnlarged(true)}>
          <Maximize2 size={16} aria-hidden="true" />
        </button>
      </div>
      {enlarged && <ImageViewer conversationId={conversationId} file={file} onClose={() => setEnlarged(false)} />}
    </>
  );
}
