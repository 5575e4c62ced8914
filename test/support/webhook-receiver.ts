import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** One request as a gateway received it: the raw bytes (what the signature covers) and the headers. */
export interface ReceivedDelivery {
  at: number;
  headers: IncomingMessage['headers'];
  raw: Buffer;
  answered: number;
}

/**
 * A webhook receiver for tests: a plain node http server that records every request and answers what
 * `answer` says (by the request's event id and how many of that id it has seen, 1 for the first).
 */
export async function startWebhookReceiver(
  answer: (eventId: string, seen: number) => number = () => 200,
): Promise<{ url: string; received: ReceivedDelivery[]; stop(): Promise<void> }> {
  const received: ReceivedDelivery[] = [];
  const seen = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const eventId = String(req.headers['x-event-id'] ?? '');
      const n = (seen.get(eventId) ?? 0) + 1;
      seen.set(eventId, n);
      const status = answer(eventId, n);
      received.push({ at: Date.now(), headers: req.headers, raw: Buffer.concat(chunks), answered: status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'try again');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/gateway/hook`,
    received,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}
