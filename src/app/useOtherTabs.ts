// What other Graft tabs of this browser are doing, over a BroadcastChannel, so a second tab can say
// "another tab is extracting features" instead of competing with it silently.
import { useEffect, useRef, useState } from 'react';
import type { Phase } from '../shared/session';

export interface OtherTab {
  readonly tabId: string;
  readonly phase: Phase;
  /** Human words about its progress, e.g. "120 / 300 images". */
  readonly detail: string;
}

type Message =
  | { readonly type: 'hello'; readonly tabId: string }
  | ({ readonly type: 'status' } & OtherTab)
  | { readonly type: 'closed'; readonly tabId: string };

const CHANNEL = 'graft-tabs';

export function useOtherTabs(phase: Phase, detail: string): readonly OtherTab[] {
  const [tabId] = useState(() => crypto.randomUUID());
  const [others, setOthers] = useState<ReadonlyMap<string, OtherTab>>(new Map());
  const channel = useRef<BroadcastChannel | null>(null);
  const mine = useRef<OtherTab>({ tabId, phase, detail });

  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const ch = new BroadcastChannel(CHANNEL);
    channel.current = ch;
    ch.onmessage = (event: MessageEvent<Message>) => {
      const message = event.data;
      if (message.tabId === tabId) return;
      if (message.type === 'hello') {
        ch.postMessage({ type: 'status', ...mine.current } satisfies Message);
        return;
      }
      setOthers((previous) => {
        const next = new Map(previous);
        if (message.type === 'closed') next.delete(message.tabId);
        else
          next.set(message.tabId, {
            tabId: message.tabId,
            phase: message.phase,
            detail: message.detail,
          });
        return next;
      });
    };
    ch.postMessage({ type: 'hello', tabId } satisfies Message);
    const goodbye = () => ch.postMessage({ type: 'closed', tabId } satisfies Message);
    addEventListener('pagehide', goodbye);
    return () => {
      removeEventListener('pagehide', goodbye);
      goodbye();
      ch.close();
      channel.current = null;
    };
  }, [tabId]);

  useEffect(() => {
    mine.current = { tabId, phase, detail };
    channel.current?.postMessage({ type: 'status', tabId, phase, detail } satisfies Message);
  }, [tabId, phase, detail]);

  return [...others.values()];
}
