/**
 * The console bench's other consoles, in a process of their own so that reading them never delays the
 * bench's own clock: `node -r @swc-node/register bench/lib/console-streams.ts <base> <token> <count>`.
 * Opens `count` streams (GET /api/v1/stream, as EventSource would), says `ready` on stdout once each is
 * answered, and on `report` (stdin) prints, per stream, when each TaskAcknowledged arrived and when the
 * server recorded it (epoch ms, by task id), then exits.
 */
import { createInterface } from 'node:readline';

const [base, token, countText] = process.argv.slice(2);
const count = Number(countText);
const received: Record<string, [number, number]>[] = [];
const aborts: AbortController[] = [];
let open = 0;

async function read(index: number): Promise<void> {
  const abort = new AbortController();
  aborts.push(abort);
  const res = await fetch(`${base}/api/v1/stream?access_token=${encodeURIComponent(token)}`, {
    signal: abort.signal,
  });
  if (res.status !== 200) throw new Error(`stream ${index}: ${res.status}`);
  if (++open === count) process.stdout.write('ready\n');
  const mine: Record<string, [number, number]> = (received[index] = {});
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    const at = Date.now();
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!frame.includes('"type":"TaskAcknowledged"')) continue;
      const taskId = /"taskId":"([^"]+)"/.exec(frame)?.[1];
      const recordedAt = Date.parse(/"recordedAt":"([^"]+)"/.exec(frame)?.[1] ?? '');
      if (taskId && !(taskId in mine)) mine[taskId] = [at, recordedAt];
    }
  }
}

for (let i = 0; i < count; i++) {
  read(i).catch((e: Error) => {
    if (e.name !== 'AbortError') {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
  });
}
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'report') return;
  for (const abort of aborts) abort.abort();
  process.stdout.write(`${JSON.stringify(received)}\n`, () => process.exit(0));
});
