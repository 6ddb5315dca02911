import { AppWindow, Monitor } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { ScreenChoiceRequest } from '../../src-shared/protocol/mediaProtocol';
import { getApi } from '../bridge/api';
import { Dialog } from '../features/shell/Dialog';

/**
 * The desktop app's `Share screen` picker: when a call or meeting asks to share (getDisplayMedia),
 * the app offers its screens and windows here, and shares only the one chosen. The browser build
 * never asks: the browser shows its own picker. Mount once wherever calls and meetings show.
 */
export function ScreenSharePicker() {
  const [request, setRequest] = useState<ScreenChoiceRequest | null>(null);

  useEffect(
    () =>
      getApi().onScreenChoice((next) => {
        // A new question replaces an unanswered one, which shares nothing.
        setRequest((previous) => {
          if (previous) void getApi().chooseScreen({ requestId: previous.requestId, sourceId: null });
          return next;
        });
      }),
    [],
  );

  if (!request) return null;
  const answer = (sourceId: string | null) => {
    void getApi().chooseScreen({ requestId: request.requestId, sourceId });
    setRequest(null);
  };
  const groups = [
    { kind: 'screen' as const, heading: 'Screens', Icon: Monitor },
    { kind: 'window' as const, heading: 'Windows', Icon: AppWindow },
  ];
  return (
    <Dialog title="Share screen" onClose={() => answer(null)} className="screen-picker">
      {groups.map(({ kind, heading, Icon }) => {
        const sources = request.sources.filter((source) => source.kind === kind);
        if (sources.length === 0) return null;
        return (
          <section key={kind} aria-label={heading}>
            <h3 className="screen-picker__heading">{heading}</h3>
            <ul className="screen-picker__sources">
              {sources.map((source) => (
                <li key={source.id}>
                  <button type="button" className="screen-picker__source" onClick={() => answer(source.id)}>
                    {source.thumbnail ? <img src={source.thumbnail} alt="" /> : <Icon size={40} aria-hidden />}
                    <span>{source.name}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={() => answer(null)}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
