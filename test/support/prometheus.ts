import parsePrometheusTextFormat, { PrometheusFamily } from 'parse-prometheus-text-format';

/** One scrape of /metrics, read with a Prometheus text-format parser. */
export class Scrape {
  private readonly families: Map<string, PrometheusFamily>;

  constructor(
    private readonly text: string,
    /** The Content-Type /metrics answered with (Prometheus wants its text format's). */
    readonly contentType: string | null = null,
  ) {
    this.families = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
  }

  static async of(base: string): Promise<Scrape> {
    const r = await fetch(`${base}/metrics`);
    if (r.status !== 200) throw new Error(`/metrics answered ${r.status}`);
    return new Scrape(await r.text(), r.headers.get('content-type'));
  }

  type(name: string): PrometheusFamily['type'] | undefined {
    return this.families.get(name)?.type;
  }

  labelSets(name: string): Record<string, string>[] {
    return (this.families.get(name)?.metrics ?? []).map((s) => s.labels ?? {});
  }

  /**
   * A counter's or gauge's samples summed over the label sets that include `labels`; for a histogram,
   * its observations. (The parser folds a histogram's label sets into one, so each is parsed alone.)
   */
  total(name: string, labels: Record<string, string> = {}): number {
    const family = this.families.get(name);
    if (!family) return 0;
    const matches = (l: Record<string, string> | undefined) =>
      Object.entries(labels).every(([k, v]) => l?.[k] === v);
    if (family.type !== 'HISTOGRAM') {
      return family.metrics.filter((s) => matches(s.labels)).reduce((sum, s) => sum + Number(s.value), 0);
    }
    const sets = new Map<string, string[]>();
    for (const line of this.text.split('\n')) {
      if (!line.startsWith(`${name}_bucket{`)) continue;
      const key = line.slice(line.indexOf('{'), line.lastIndexOf('}') + 1).replace(/le="[^"]*",?/, '');
      sets.set(key, [...(sets.get(key) ?? []), line]);
    }
    let observations = 0;
    for (const bucketLines of sets.values()) {
      const [one] = parsePrometheusTextFormat(`# TYPE ${name} histogram\n${bucketLines.join('\n')}\n`);
      const { buckets = {} } = one.metrics[0] ?? {};
      // The first bucket's line read as a plain sample gives the set's labels (the parser wants the newline).
      const sample = parsePrometheusTextFormat(
        `# TYPE x counter\nx${bucketLines[0].slice(name.length + 7)}\n`,
      );
      if (matches(sample[0].metrics[0].labels)) observations += Number(buckets['+Inf'] ?? 0);
    }
    return observations;
  }
}
