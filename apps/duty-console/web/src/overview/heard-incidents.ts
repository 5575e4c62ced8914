import { useEffect, useState } from 'preact/hooks';
import { live } from '../live/live-stream';
import { IncidentBook, recordEvent } from './incident-book';

let book: IncidentBook = new Map();
const listeners = new Set<(book: IncidentBook) => void>();

/** Starts recording the stream's incidents for this session (called once signed in). */
export function recordIncidents(): () => void {
  book = new Map();
  return live.listen((event) => {
    const next = recordEvent(book, event);
    if (next === book) return;
    book = next;
    for (const listener of listeners) listener(book);
  });
}

/** The incidents heard live so far, re-rendering as more are heard. */
export function useHeardIncidents(): IncidentBook {
  const [current, setCurrent] = useState(book);
  useEffect(() => {
    listeners.add(setCurrent);
    setCurrent(book);
    return () => {
      listeners.delete(setCurrent);
    };
  }, []);
  return current;
}
