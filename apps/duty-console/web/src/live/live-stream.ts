import type { LiveEvent } from '../api/types';
import { sessions } from '../session/session-store';

export type LiveState = 'connecting' | 'connected' | 'reconnecting';

type EventListener = (event: LiveEvent) => void;

/** After the browser gave up (the server was down, say), how long before we open a new stream. */
const REOPEN_MS = 5_000;

/**
 * The signed-in user's live changes (GET /api/v1/stream, Server-Sent Events). EventSource reconnects
 * by itself and sends Last-Event-ID; when it gives up, a new one starts from the last id seen. `resync`
 * (events were missed) reaches listeners as a `Resync` event: they reload what they show.
 */
class LiveStream {
  private source: EventSource | null = null;
  private lastId: string | null = null;
  private reopen: ReturnType<typeof setTimeout> | undefined;
  private state: LiveState = 'connecting';
  private readonly listeners = new Set<EventListener>();
  private readonly stateListeners = new Set<(state: LiveState) => void>();

  start(): void {
    this.stop();
    const session = sessions.current();
    if (!session) return;
    const params = new URLSearchParams({ access_token: session.token });
    if (this.lastId) params.set('lastEventId', this.lastId);
    const source = new EventSource(`/api/v1/stream?${params}`);
    this.source = source;
    source.onopen = () => this.setState('connected');
    source.onmessage = (message) => {
      this.lastId = message.lastEventId || this.lastId;
      this.emit(JSON.parse(message.data as string) as LiveEvent);
    };
    source.addEventListener('resync', (message) => {
      this.lastId = (message as MessageEvent).lastEventId || this.lastId;
      this.emit({
        id: '',
        eventId: '',
        type: 'Resync',
        incidentId: null,
        occurredAt: '',
        recordedAt: '',
        actor: { kind: 'system', id: 'console' },
        payload: {},
      });
    });
    source.addEventListener('expired', () => {
      this.stop();
      sessions.end('expired');
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        // Refused (the token, say) or the server is gone: try afresh later while still signed in.
        this.setState('reconnecting');
        this.reopen = setTimeout(() => this.start(), REOPEN_MS);
      } else this.setState('reconnecting');
    };
  }

  stop(): void {
    clearTimeout(this.reopen);
    this.source?.close();
    this.source = null;
    this.setState('connecting');
  }

  /** Forget the position: the next user must not resume the previous one's stream. */
  reset(): void {
    this.stop();
    this.lastId = null;
  }

  listen(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onState(listener: (state: LiveState) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.state);
    return () => this.stateListeners.delete(listener);
  }

  private emit(event: LiveEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private setState(state: LiveState): void {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}

export const live = new LiveStream();
