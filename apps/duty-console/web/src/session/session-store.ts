import type { Session, SignedOutReason } from './session';

const STORAGE_KEY = 'console.session';

type Listener = (session: Session | null, reason?: SignedOutReason) => void;

/**
 * The one signed-in session of this tab: kept in sessionStorage (a reload keeps it, closing the tab
 * forgets it), ended when the token runs out, and announced to whoever listens.
 */
class SessionStore {
  private session: Session | null = null;
  /** Why the last session ended, for the login screen (also when it ended before the page drew). */
  endedBecause: SignedOutReason | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<Listener>();

  restore(): void {
    try {
      const saved = sessionStorage.getItem(STORAGE_KEY);
      const session = saved ? (JSON.parse(saved) as Session) : null;
      if (session && session.expiresAt > Date.now()) this.begin(session);
      else if (session) this.end('expired');
    } catch {
      this.session = null;
    }
  }

  current(): Session | null {
    return this.session;
  }

  begin(session: Session): void {
    this.session = session;
    this.endedBecause = undefined;
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    } catch {
      /* no storage: signed in until reload */
    }
    clearTimeout(this.timer);
    // Timers past ~24.8 days overflow; a token lasts hours.
    this.timer = setTimeout(() => this.end('expired'), Math.min(session.expiresAt - Date.now(), 2 ** 31 - 1));
    this.announce();
  }

  end(reason: SignedOutReason): void {
    clearTimeout(this.timer);
    const had = this.session !== null;
    this.session = null;
    this.endedBecause = reason;
    try {
      sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      /* nothing kept */
    }
    if (had || reason === 'expired') this.announce(reason);
  }

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private announce(reason?: SignedOutReason): void {
    for (const listener of this.listeners) listener(this.session, reason);
  }
}

export const sessions = new SessionStore();
