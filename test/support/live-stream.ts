export interface StreamFrame {
  id?: string;
  event: string;
  data: any;
  /** When this reader had the whole frame (epoch ms). */
  receivedAt: number;
}

/** Reads GET /api/v1/stream as frames, the way EventSource would, until `close()`. */
export function openLiveStream(base: string, token: string, lastEventId?: string) {
  const frames: StreamFrame[] = [];
  const abort = new AbortController();
  const headers: Record<string, string> = lastEventId ? { 'last-event-id': lastEventId } : {};
  const done = fetch(`${base}/api/v1/stream?access_token=${encodeURIComponent(token)}`, {
    headers,
    signal: abort.signal,
  })
    .then(async (res) => {
      if (res.status !== 200) throw new Error(`stream ${res.status}: ${await res.text()}`);
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const frame: StreamFrame = { event: 'message', data: undefined, receivedAt: Date.now() };
          for (const line of block.split('\n')) {
            const [field, ...rest] = line.split(': ');
            const value = rest.join(': ');
            if (field === 'id') frame.id = value;
            if (field === 'event') frame.event = value;
            if (field === 'data') frame.data = JSON.parse(value);
          }
          if (frame.data !== undefined) frames.push(frame);
        }
      }
    })
    .catch((e: Error) => {
      if (e.name !== 'AbortError') throw e;
    });
  return { frames, close: () => abort.abort(), done };
}
