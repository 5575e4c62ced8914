import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { CapParseOptions, CapParseResult } from '@erp/cap';
import { RequestRejected } from '@erp/platform';

/** Documents waiting for the parser beyond the one it is on; more are refused (503) rather than held. */
const MAX_WAITING = 32;
/** A bounded document parses in well under a second; one that does not is abandoned with its thread. */
const PARSE_TIMEOUT_MS = 10_000;

interface Job {
  id: number;
  bytes: Uint8Array;
  options: CapParseOptions;
  resolve(result: CapParseResult): void;
  reject(error: unknown): void;
}

/**
 * Parses CAP documents on a worker thread, one at a time: a large document (up to a megabyte, 25,000
 * elements) costs the event loop nothing, so other requests are answered while it parses, and twenty at
 * once queue on one core instead of stalling every endpoint. The thread starts with the first document.
 */
@Injectable()
export class CapParsing implements OnModuleDestroy {
  private readonly logger = new Logger(CapParsing.name);
  private worker?: Worker;
  private current?: Job & { timer: NodeJS.Timeout };
  private readonly waiting: Job[] = [];
  private nextId = 1;

  parse(bytes: Uint8Array, options: CapParseOptions): Promise<CapParseResult> {
    if (this.waiting.length >= MAX_WAITING) {
      return Promise.reject(
        new RequestRejected(
          503,
          'CAP.BUSY',
          'CAP 解析繁忙，请稍后重试 too many CAP documents at once: try again shortly',
        ),
      );
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ id: this.nextId++, bytes, options, resolve, reject });
      this.next();
    });
  }

  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private next(): void {
    if (this.current || !this.waiting.length) return;
    const job = this.waiting.shift()!;
    const timer = setTimeout(() => this.abandon(job), PARSE_TIMEOUT_MS);
    this.current = { ...job, timer };
    this.thread().postMessage({ id: job.id, bytes: job.bytes, options: job.options });
  }

  private settle(id: number, outcome: { result: CapParseResult } | { error: unknown }): void {
    const job = this.current;
    if (!job || job.id !== id) return;
    clearTimeout(job.timer);
    this.current = undefined;
    if ('result' in outcome) job.resolve(outcome.result);
    else job.reject(outcome.error);
    this.next();
  }

  private abandon(job: Job): void {
    this.logger.error({
      message: 'CAP 解析超时，重启解析线程 CAP parse timed out; restarting its thread',
      job: job.id,
    });
    void this.worker?.terminate();
    this.worker = undefined;
    this.settle(job.id, {
      error: new RequestRejected(503, 'CAP.BUSY', 'CAP 解析超时 the CAP document took too long to parse'),
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    // Built: the compiled .js beside this file. Under the tests (TypeScript sources): the .ts through swc.
    const typescript = __filename.endsWith('.ts');
    const worker = new Worker(join(__dirname, `cap-parse.worker.${typescript ? 'ts' : 'js'}`), {
      execArgv: typescript ? ['-r', '@swc-node/register'] : [],
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    worker.unref();
    worker.on('message', (m: { id: number; result: CapParseResult }) =>
      this.settle(m.id, { result: m.result }),
    );
    worker.on('error', (e) => {
      this.logger.error({ message: 'CAP 解析线程出错 CAP parser thread failed', error: e.message });
      if (this.worker === worker) this.worker = undefined;
      if (this.current) this.settle(this.current.id, { error: e });
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      if (this.current) this.settle(this.current.id, { error: new Error('CAP parser thread exited') });
    });
    this.worker = worker;
    return worker;
  }
}
