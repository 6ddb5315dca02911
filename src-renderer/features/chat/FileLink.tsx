import { useState } from 'react';
import { describeSize, filePaths } from '../../../src-shared/protocol/fileProtocol';
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
  );
}
