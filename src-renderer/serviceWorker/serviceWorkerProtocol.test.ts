import { describe, expect, it } from 'vitest';
import { filePaths } from '../../src-shared/protocol/fileProtocol';
import { httpPaths } from '../../src-shared/protocol/http';
import { uncachedPaths } from './serviceWorkerProtocol';

const uncached = (path: string) => uncachedPaths.some((pattern) => pattern.test(path));

describe('what the service worker leaves to the network', () => {
  it('every path of the backend: sign-in, demo people, files, the socket, health', () => {
    for (const path of [...Object.values(httpPaths), filePaths.files, filePaths.download('f-1'), '/socket.io/', '/socket.io/?EIO=4&transport=polling', '/api/admin']) {
      expect(uncached(path), path).toBe(true);
    }
  });

  it('but not the app itself, at any address it opens with', () => {
    for (const path of ['/', '/index.html', '/apiary', '/healthy', '/chat']) expect(uncached(path), path).toBe(false);
  });
});
