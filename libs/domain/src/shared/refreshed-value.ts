/**
 * A value read from storage at most once per `ttlMs`, concurrent callers sharing one read: how a process
 * keeps what the commander edits rarely (the hazard register, the township points) without a query per
 * alarm. An edit reaches every process within `ttlMs`; a failed read is not kept, so the next call retries.
 */
export class RefreshedValue<T> {
  private kept: { value: T; at: number } | null = null;
  private loading: Promise<T> | null = null;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<T> {
    const kept = this.kept;
    if (kept && this.now() - kept.at < this.ttlMs) return kept.value;
    this.loading ??= this.load()
      .then((value) => {
        this.kept = { value, at: this.now() };
        return value;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }
}
