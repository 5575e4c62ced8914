import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '@erp/config';
import { Clock, ReadStore } from '@erp/domain';
import { APP_CONFIG, CLOCK, RequestRejected } from '@erp/platform';

/** Refused for now: the 429, and how many seconds until the window that refused it ends. */
export class TooManyAttempts extends RequestRejected {
  constructor(readonly retryAfterSeconds: number) {
    super(
      429,
      'AUTH.TOO_MANY_ATTEMPTS',
      `登录尝试过多，请 ${retryAfterSeconds} 秒后再试 too many sign-in attempts: try again in ${retryAfterSeconds} s`,
    );
  }
}

/** Windows that ended longer ago than this are dropped, every PRUNE_EVERY sign-ins. */
const PRUNE_AFTER_MS = 24 * 3_600_000;
const PRUNE_EVERY = 200;

/**
 * Limits password guessing: every sign-in attempt counts against its user name and its address, in fixed
 * windows kept in PostgreSQL (so all duty-console instances share them). An attempt over either limit is
 * refused before any password is checked, the right one included; a successful sign-in clears the user
 * name's count and gives the address its attempt back.
 */
@Injectable()
export class LoginThrottle {
  private calls = 0;

  constructor(
    private readonly store: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Counts a request's password check against the user name and the caller's address; over a limit, says
   * Retry-After on the answer before throwing TooManyAttempts.
   */
  async admitRequest(username: string, req: Request, res: Response): Promise<{ succeeded(): Promise<void> }> {
    try {
      return await this.admit(username, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    } catch (e) {
      if (e instanceof TooManyAttempts) res.setHeader('Retry-After', String(e.retryAfterSeconds));
      throw e;
    }
  }

  /** Counts this attempt; throws TooManyAttempts over a limit; answers how to forgive it on success. */
  async admit(username: string, address: string): Promise<{ succeeded(): Promise<void> }> {
    const { perUser, perAddress, windowMs } = this.config.loginLimits;
    const userKey = `user:${username.trim().toLowerCase()}`;
    const addressKey = `address:${address}`;
    const now = this.clock.now();
    if (++this.calls % PRUNE_EVERY === 0) {
      await this.store.loginAttempts.prune(new Date(now.getTime() - PRUNE_AFTER_MS));
    }
    const counts = await this.store.loginAttempts.count([userKey, addressKey], now, windowMs);
    const over = counts.filter((c) => c.attempts > (c.key === userKey ? perUser : perAddress));
    if (over.length) {
      const until = Math.max(...over.map((c) => c.windowEndsAt.getTime()));
      throw new TooManyAttempts(Math.max(1, Math.ceil((until - now.getTime()) / 1000)));
    }
    return {
      succeeded: () => this.store.loginAttempts.forgive(userKey, addressKey),
    };
  }
}
