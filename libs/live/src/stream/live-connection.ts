import type { Response } from 'express';
import { LiveEvent } from '../live-event';

/** A client that lets this much pile up unread is dropped; it reconnects and resumes from the ring. */
const MAX_BUFFERED_BYTES = 1 << 20;
/** A comment line this often keeps proxies and the browser from timing out an idle stream. */
const HEARTBEAT_MS = 20_000;
/** How long the browser waits before reconnecting after the stream ends (the SSE `retry` field). */
const RETRY_MS = 3_000;

/** Each event's frame, written once however many consoles it goes to (200 open streams, 50 events a second). */
const frames = new WeakMap<LiveEvent, string>();

function frameOf(event: LiveEvent): string {
  let frame = frames.get(event);
  if (frame === undefined) {
    const { units: _units, ...shown } = event;
    frame = `id: ${event.id}\ndata: ${JSON.stringify(shown)}\n\n`;
    frames.set(event, frame);
  }
  return frame;
}

/**
 * One open Server-Sent Events response. Each event is one `message` with its id (for Last-Event-ID);
 * `resync` says the client missed events and must reload what it shows; `expired` says the token ran
 * out and the stream is over (the client must not reconnect with it).
 */
export class LiveConnection {
  private readonly heartbeat: NodeJS.Timeout;
  private ended = false;

  constructor(
    private readonly res: Response,
    private readonly onClose: () => void,
  ) {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no'); // nginx: pass each event on at once
    res.flushHeaders();
    res.write(`retry: ${RETRY_MS}\n\n`);
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), HEARTBEAT_MS);
    res.on('close', () => this.close());
  }

  send(event: LiveEvent): void {
    this.write(frameOf(event));
  }

  /** A named control event; `id` moves the client's Last-Event-ID on (after a resync, to now). */
  control(name: 'resync' | 'expired', data: object, id?: string | null): void {
    this.write(`${id ? `id: ${id}\n` : ''}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  get closed(): boolean {
    return this.ended;
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    this.onClose();
    if (!this.res.writableEnded) this.res.end();
  }

  private write(chunk: string): void {
    if (this.ended) return;
    if (this.res.writableLength > MAX_BUFFERED_BYTES) return this.close();
    this.res.write(chunk);
  }
}
