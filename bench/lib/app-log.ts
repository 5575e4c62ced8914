import { KAFKAJS_NOTICES } from './kafkajs-notices';

const SEVERE = new Set(['warn', 'error', 'fatal']);
const LONGEST_LINE = 2000;

/**
 * What an app wrote, read line by line: lines per level (JSON lines from the apps' logger; 'text' for
 * the rest), a few distinct warning and error samples, records it dead-lettered, and the last lines.
 */
export class AppLog {
  readonly levels: Record<string, number> = {};
  readonly samples: string[] = [];
  deadLettered = 0;
  private readonly lines: string[] = [];

  constructor(
    private readonly keepLines = 300,
    private readonly keepSamples = 4,
  ) {}

  read(line: string): void {
    if (!line) return;
    this.lines.push(line.length > LONGEST_LINE ? line.slice(0, LONGEST_LINE) + '…' : line);
    if (this.lines.length > this.keepLines) this.lines.splice(0, this.lines.length - this.keepLines);
    const { level, message, error } = parse(line);
    const counted = KAFKAJS_NOTICES.test(message) ? 'kafkajs notice' : level;
    this.levels[counted] = (this.levels[counted] ?? 0) + 1;
    if (message.includes('dead-lettered')) this.deadLettered++;
    if (SEVERE.has(counted) && this.samples.length < this.keepSamples) {
      const sample = `${counted}: ${message.slice(0, 240)}${error ? ` (${error.slice(0, 200)})` : ''}`;
      if (!this.samples.includes(sample)) this.samples.push(sample);
    }
  }

  count(level: string): number {
    return this.levels[level] ?? 0;
  }

  tail(lines = 40): string {
    return this.lines.slice(-lines).join('\n');
  }
}

/** A JSON line's level, message and error (the logger nests them when it logs extra fields). */
function parse(line: string): { level: string; message: string; error?: string } {
  if (!line.startsWith('{')) return { level: 'text', message: line };
  try {
    const parsed = JSON.parse(line) as { level?: string; message?: unknown; error?: unknown };
    const body = parsed.message as { message?: unknown; error?: unknown } | string | undefined;
    const message =
      typeof body === 'string'
        ? body
        : typeof body?.message === 'string'
          ? body.message
          : JSON.stringify(body);
    // pino puts extra fields beside the message; Nest's JSON console logger nested them in it.
    const nested = typeof body === 'object' ? body.error : parsed.error;
    const error = typeof nested === 'string' ? nested : undefined;
    return { level: parsed.level ?? 'json', message, error };
  } catch {
    return { level: 'text', message: line }; // a partial or non-JSON line
  }
}
