import { useEffect, useState } from 'react';
import { describeSize, filePaths, maxPreviewBytes, previewableImageTypes } from '../../../src-shared/protocol/fileProtocol';
import type { SharedFile } from '../../../src-shared/protocol/model';
import { getApi } from '../../bridge/api';

/**
 * A shared file in the log (SPEC 6): a link named by the file's name. Clicking it asks for a
 * fresh signed download URL (the session host does) and downloads it; the link's own address
 * is only what a hover shows, since it alone downloads nothing.
 */
export function FileLink({ file }: { file: SharedFile }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
    {previewableImageTypes.includes(file.contentType) && file.size <= maxPreviewBytes && <ImagePreview file={file} />}
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

/** A shared image, shown from its bytes (a blob: URL): the renderer never loads from the server's origin. */
function ImagePreview({ file }: { file: SharedFile }) {
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
    };
  }, [file.id]);
  return url ? <img className="message__image" src={url} alt={file.name} /> : null;
}
