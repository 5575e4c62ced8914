import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@erp/config';
import { Clock, sealCheckpoints, UnitOfWork } from '@erp/domain';
import { APP_CONFIG, CLOCK } from '@erp/platform';

export interface Seal {
  /** Links appended (one per incident whose timeline grew). */
  links: number;
  /** The district chain's last link after the seal, or null when it is still empty. */
  head: { seq: number; hash: string } | null;
}

/**
 * Seals the district-wide chain of incident heads every CHECKPOINT_SECONDS (and at start): for each
 * incident whose timeline grew since the last seal, a link (incident, last seq, head hash) chained to the
 * one before. A restart loses nothing: the next seal covers everything logged since the last one.
 */
@Injectable()
export class CheckpointSealer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CheckpointSealer.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /** Lets a seal under way finish before the database is closed (it would only fail and be logged). */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /**
   * One seal, in one transaction. It holds the append lock alone, so every log row up to the last
   * position it reads is committed and its timeline entries with it.
   */
  async seal(): Promise<Seal> {
    return this.unitOfWork.run(async (tx) => {
      await tx.auditTimeline.holdSealLock();
      const latest = await tx.checkpoints.latest();
      const through = await tx.checkpoints.lastLogId();
      const after = latest?.throughLogId ?? 0;
      const head = latest && { seq: latest.seq, hash: latest.hash };
      if (through <= after) return { links: 0, head };
      const heads = await tx.checkpoints.headsLoggedBetween(after, through);
      const links = sealCheckpoints(head, heads, this.clock.now(), through);
      await tx.checkpoints.append(links);
      const last = links[links.length - 1];
      return { links: links.length, head: last ? { seq: last.seq, hash: last.hash } : head };
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.seal()
        .then((s) => {
          // The chain's head in the log as well: a copy outside the database to hold it against.
          if (s.links)
            this.logger.log(
              `时间线检查点 sealed ${s.links} incident heads; chain head ${s.head?.seq} ${s.head?.hash}`,
            );
        })
        .catch((e: Error) => this.logger.error(`检查点封存失败 sealing checkpoints failed: ${e.message}`))
        .finally(() => this.schedule(this.config.checkpointSeconds * 1000));
    }, delayMs);
    this.timer.unref();
  }
}
