import { useEffect, useRef, useState } from 'preact/hooks';
import type { LiveEvent } from './api/types';
import { live } from './live/live-stream';

/** The current time, refreshed every `ms` (one timer per component that shows a clock). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

/** Loads with `load` when `deps` change and on `reload()`; the last answer wins. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: Error) => current && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  return { ...state, reload: () => setRound((r) => r + 1) } as Loaded<T>;
}

/**
 * Calls `onChange` after live events that `concerns` (all, by default) settle for `delayMs`: a burst of
 * events (an incident's classification and its tasks) is one reload, not ten. `Resync` always counts.
 * Events that never settle (a busy district) still reload every `maxWaitMs`.
 */
export function useLiveReload(
  onChange: () => void,
  concerns: (event: LiveEvent) => boolean = () => true,
  delayMs = 250,
  maxWaitMs = 2000,
): void {
  const latest = useRef({ onChange, concerns });
  latest.current = { onChange, concerns };
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let firstPending: number | null = null;
    const fire = () => {
      firstPending = null;
      latest.current.onChange();
    };
    const stop = live.listen((event) => {
      if (event.type !== 'Resync' && !latest.current.concerns(event)) return;
      const now = Date.now();
      firstPending ??= now;
      clearTimeout(timer);
      timer = setTimeout(fire, Math.max(0, Math.min(delayMs, firstPending + maxWaitMs - now)));
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [delayMs, maxWaitMs]);
}

/** Calls `onEvent` with every live event, as it arrives. */
export function useLiveEvents(onEvent: (event: LiveEvent) => void): void {
  const latest = useRef(onEvent);
  latest.current = onEvent;
  useEffect(() => live.listen((event) => latest.current(event)), []);
}
