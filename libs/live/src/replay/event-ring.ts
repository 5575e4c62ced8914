/**
 * The most recent events of this instance, for a client that reconnects with `Last-Event-ID`. Ids are
 * `<epoch>.<seq>`: the epoch changes at every start, so an id from before a restart (or from another
 * instance behind the same address) is recognised as unknown rather than mistaken for a position here.
 */
export class EventRing<T extends { id: string }> {
  private readonly slots: T[] = [];
  /** The sequence number of `slots[0]`. */
  private first = 1;
  private next = 1;

  constructor(
    readonly capacity: number,
    readonly epoch: string = newEpoch(),
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`ring capacity ${capacity}`);
  }

  /** Gives the event its id and keeps it, dropping the oldest past capacity. */
  add(make: (id: string) => T): T {
    const item = make(`${this.epoch}.${this.next++}`);
    this.slots.push(item);
    if (this.slots.length > this.capacity) {
      this.slots.shift();
      this.first++;
    }
    return item;
  }

  /** The id of the newest event, or null before the first. */
  get lastId(): string | null {
    return this.next > 1 ? `${this.epoch}.${this.next - 1}` : null;
  }

  /**
   * What came after `lastId`, in order; or 'gap' when it cannot say (an id of another epoch, unknown, or
   * already dropped): the client must then reload what it shows.
   */
  after(lastId: string): T[] | 'gap' {
    const dot = lastId.lastIndexOf('.');
    const epoch = lastId.slice(0, dot);
    const seq = Number(lastId.slice(dot + 1));
    if (dot < 0 || epoch !== this.epoch || !Number.isInteger(seq) || seq < 0 || seq >= this.next)
      return 'gap';
    if (seq < this.first - 1) return 'gap';
    return this.slots.slice(seq - this.first + 1);
  }
}

/** Time of start in base 36 plus a random tail: distinct across restarts and across instances. */
function newEpoch(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
