/**
 * The sandboxed preload: exposes the one typed API object, `window.meridian`, built by the same
 * `createMeridianApi` as the browser build's in-page bridge. No raw ipcRenderer reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createMeridianApi, type ApiTransport, type PushChannels } from '../src-shared/protocol/api';

const transport: ApiTransport = {
  invoke: (channel, argument) => ipcRenderer.invoke(channel, argument),
  subscribe: (channel, listener) => {
    const handler = (_event: IpcRendererEvent, payload: PushChannels[typeof channel]) => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  },
};

contextBridge.exposeInMainWorld('meridian', createMeridianApi(transport));
