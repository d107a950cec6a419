/**
 * The preload: exposes one frozen `window.van` built from the contract and nothing else. No
 * generic send, no `ipcRenderer` leak, no Proxy: `bindVanApi` makes exactly one named method per
 * contract channel, and events are only those the contract lists.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { type EventName, type VanApi, bindVanApi, isEventName } from '#electron/ipc/contract.ts';

export const van = bindVanApi({
  invoke: (channel, request) => ipcRenderer.invoke(channel, request),
  subscribe: (event: EventName, listener: (payload: unknown) => void) => {
    if (!isEventName(event)) throw new Error('unknown event');
    // Hand the page only the payload: the IpcRendererEvent carries `sender` (ipcRenderer itself).
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
}) satisfies VanApi;

contextBridge.exposeInMainWorld('van', van);
