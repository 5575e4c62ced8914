import { progress } from './terminal';

export class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

/**
 * Ctrl-C (or SIGTERM) once: the run unwinds through its cleanup (`onFirst` may speed it up, `exitAfterMs`
 * bounds it); twice: exit at once (130).
 */
export class Interruption {
  interrupted = false;

  constructor(options: { cleanup: string; onFirst?: () => void; exitAfterMs?: number }) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        if (this.interrupted) process.exit(130);
        this.interrupted = true;
        progress(`${signal}: ${options.cleanup} (again to exit at once)`);
        options.onFirst?.();
        if (options.exitAfterMs) setTimeout(() => process.exit(130), options.exitAfterMs).unref();
      });
    }
  }

  /** Throws Interrupted once a signal came: between the run's steps. */
  check(): void {
    if (this.interrupted) throw new Interrupted();
  }
}
