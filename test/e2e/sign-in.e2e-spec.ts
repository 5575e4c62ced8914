import { oneTimePassword } from '@erp/domain';
import { DutyModule } from '@erp/duty';
import { RunningService } from '@erp/platform';
import { startTestService } from '../support/product';
import { createTestDatabase, TestDatabase } from '../support/services';

/**
 * Sign-in against password guessing, on a real PostgreSQL: attempts are limited per user name and per
 * address (429 with Retry-After), an unknown name takes as long as a known one, and every user's password
 * hash has its own salt. A person changes their own password under the same limits, audited, and a sign-in
 * with a one-time password says it must be changed.
 */
const PASSWORD = 'sign-in-e2e-password';
const PER_USER = 5;
const PER_ADDRESS = 40;

describe('sign-in limits and password hashes', () => {
  let db: TestDatabase;
  let app: RunningService;

  const login = (username: string, password: string) =>
    fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  const timed = async (username: string, password: string) => {
    const started = performance.now();
    const r = await login(username, password);
    await r.text();
    return { status: r.status, ms: performance.now() - started };
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  beforeAll(async () => {
    db = await createTestDatabase('erp_e2e_signin');
    app = await startTestService(
      'sign-in',
      {
        DATABASE_URL: db.url,
        DEMO_PASSWORD: PASSWORD,
        LOGIN_MAX_ATTEMPTS_PER_USER: String(PER_USER),
        LOGIN_MAX_ATTEMPTS_PER_ADDRESS: String(PER_ADDRESS),
        LOGIN_WINDOW_SECONDS: '600',
      },
      [DutyModule],
      { relay: false },
    );
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('gives every user a password hash with its own salt, each still verifying', async () => {
    const [row] = await app.infra.database.dataSource.query(
      `SELECT count(*)::int AS users, count(DISTINCT password_hash)::int AS hashes,
              count(DISTINCT split_part(password_hash, '$', 2))::int AS salts FROM users`,
    );
    expect(row.users).toBeGreaterThan(100);
    expect(row.hashes).toBe(row.users);
    expect(row.salts).toBe(row.users);
    for (const user of ['commander', 'duty-511902003', 'night-511902001']) {
      expect((await login(user, PASSWORD)).status).toBe(200);
    }
  });

  it('answers an unknown user name as slowly as a known one (checked against a dummy hash)', async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 8; i++) {
      const k = await timed(i % 2 ? 'duty-511902004' : 'duty-511902005', 'wrong-password');
      const u = await timed(`nobody-${i}-${Math.random().toString(36).slice(2)}`, 'wrong-password');
      expect([k.status, u.status]).toEqual([401, 401]);
      known.push(k.ms);
      unknown.push(u.ms);
    }
    // scrypt is ~45 ms here; without the dummy hash an unknown name answered in ~2 ms.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
    expect(median(unknown)).toBeGreaterThan(15);
  });

  it('limits attempts per user name: past the limit even the right password is 429 with Retry-After', async () => {
    for (let i = 0; i < PER_USER; i++) expect((await login('commander', `guess-${i}`)).status).toBe(401);
    const refused = await login('commander', PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(500);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    // The same name in other letter case counts as the same name.
    expect((await login('COMMANDER', PASSWORD)).status).toBe(429);
    // Another user is not locked out by this one.
    expect((await login('auditor', PASSWORD)).status).toBe(200);
  });

  it('clears a user name count on success, so a typo now and then never adds up', async () => {
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < PER_USER - 1; i++) expect((await login('duty-511902006', 'typo')).status).toBe(401);
      expect((await login('duty-511902006', PASSWORD)).status).toBe(200);
    }
  });

  it('limits attempts per address, whatever names they try', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < PER_ADDRESS + 5; i++) {
      statuses.push((await login(`spray-${i}`, 'guess')).status);
      if (statuses.at(-1) === 429) break;
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    // From this address, even a real user with the right password waits now.
    expect((await login('duty-511902007', PASSWORD)).status).toBe(429);
  });

  it('gives a user still sharing a hash from an older seed a salt of its own at sign-in', async () => {
    const ds = app.infra.database.dataSource;
    await ds.query(`DELETE FROM login_attempts`);
    await ds.query(
      `UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE username = 'duty-511902008')
        WHERE username IN ('duty-511902101', 'duty-511902100')`,
    );
    const hashOf = async (u: string) =>
      (await ds.query(`SELECT password_hash FROM users WHERE username = $1`, [u]))[0].password_hash as string;
    const shared = await hashOf('duty-511902101');
    expect(await hashOf('duty-511902100')).toBe(shared);
    expect((await login('duty-511902101', PASSWORD)).status).toBe(200);
    const own = await hashOf('duty-511902101');
    expect(own).not.toBe(shared);
    expect((await login('duty-511902101', PASSWORD)).status).toBe(200);
    expect((await login('duty-511902100', PASSWORD)).status).toBe(200);
  });

  describe("changing one's own password", () => {
    const NEW_PASSWORD = '巴州应急值守新口令-2026';
    const changePassword = (token: string | null, body: unknown) =>
      fetch(`${app.url}/api/v1/auth/password`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
    const signIn = async (username: string, password: string) => {
      const r = await login(username, password);
      expect(r.status).toBe(200);
      return (await r.json()) as { accessToken: string; mustChangePassword: boolean };
    };
    const ds = () => app.infra.database.dataSource;
    const hashOf = async (u: string) =>
      (await ds().query(`SELECT password_hash FROM users WHERE username = $1`, [u]))[0]
        .password_hash as string;
    const changes = async (userName: string) =>
      (
        await ds().query(
          `SELECT envelope FROM outbox WHERE envelope ->> 'type' = 'UserPasswordChanged'
            AND envelope -> 'payload' ->> 'userName' = $1`,
          [userName],
        )
      ).map((row: { envelope: { payload: unknown; actor: { name: string } } }) => row.envelope);

    // The per-address test above used up this address's attempts.
    beforeEach(() => ds().query(`DELETE FROM login_attempts`));

    it('replaces a one-time password: the old one no longer signs in, the new one does, audited', async () => {
      const { password, hash } = oneTimePassword();
      await ds().query(`UPDATE users SET password_hash = $1 WHERE username = 'duty-511902001'`, [hash]);
      const first = await signIn('duty-511902001', password);
      expect(first.mustChangePassword).toBe(true);
      // Until it is replaced, every sign-in with it says so (a closed tab does not let it off).
      expect((await signIn('duty-511902001', password)).mustChangePassword).toBe(true);
      const r = await changePassword(first.accessToken, {
        currentPassword: password,
        newPassword: NEW_PASSWORD,
      });
      expect(r.status).toBe(204);
      expect((await login('duty-511902001', password)).status).toBe(401);
      expect((await signIn('duty-511902001', NEW_PASSWORD)).mustChangePassword).toBe(false);
      const [event] = await changes('duty-511902001');
      expect(event.payload).toEqual({ userName: 'duty-511902001', changedBy: 'duty-511902001' });
      expect(event.actor.name).toBe('duty-511902001');
      // Never the password nor its hash in the event.
      const text = JSON.stringify(event);
      for (const secret of [password, NEW_PASSWORD, await hashOf('duty-511902001')]) {
        expect(text).not.toContain(secret);
      }
    });

    it('counts a wrong current password against the sign-in throttle (401, then 429)', async () => {
      const { accessToken } = await signIn('duty-511902002', PASSWORD);
      const before = await hashOf('duty-511902002');
      for (let i = 0; i < PER_USER; i++) {
        const r = await changePassword(accessToken, {
          currentPassword: `guess-${i}`,
          newPassword: NEW_PASSWORD,
        });
        expect(r.status).toBe(401);
        expect(((await r.json()) as { error: { code: string } }).error.code).toBe('AUTH.INVALID_CREDENTIALS');
      }
      const refused = await changePassword(accessToken, {
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
      });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(500);
      // The same count as the login's: signing in is held back too.
      expect((await login('duty-511902002', PASSWORD)).status).toBe(429);
      expect(await hashOf('duty-511902002')).toBe(before);
      expect(await changes('duty-511902002')).toEqual([]);
    });

    it('refuses a weak new password with every reason at /newPassword, changing nothing', async () => {
      const { accessToken } = await signIn('night-511902001', PASSWORD);
      const before = await hashOf('night-511902001');
      const r = await changePassword(accessToken, {
        currentPassword: PASSWORD,
        newPassword: 'night-511902001',
      });
      expect(r.status).toBe(400);
      const { error } = (await r.json()) as { error: { code: string; fields: { pointer: string }[] } };
      expect(error.code).toBe('PASSWORD.WEAK');
      expect(error.fields).toEqual([{ pointer: '/newPassword', message: expect.stringContaining('用户名') }]);
      const same = await changePassword(accessToken, { currentPassword: PASSWORD, newPassword: PASSWORD });
      expect(same.status).toBe(400);
      const missing = await changePassword(accessToken, { currentPassword: PASSWORD });
      expect(missing.status).toBe(400);
      expect(((await missing.json()) as { error: { fields: { pointer: string }[] } }).error.fields).toEqual([
        expect.objectContaining({ pointer: '/newPassword' }),
      ]);
      expect(await hashOf('night-511902001')).toBe(before);
      expect(await changes('night-511902001')).toEqual([]);
      expect((await login('night-511902001', PASSWORD)).status).toBe(200);
    });

    it('needs a signed-in user (401 without a token)', async () => {
      const r = await changePassword(null, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
      expect(r.status).toBe(401);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('AUTH.TOKEN_MISSING');
    });
  });
});
