import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** Passwords are stored as scrypt$<salt>$<hash>, each with its own random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** One hash per user of the same password: each its own salt, computed side by side on the thread pool. */
export function hashPasswordForEach(password: string, count: number): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, () => hashPassword(password)));
}

/** How a one-time password's digest is marked among stored hashes. */
const ONE_TIME = 'otp$';

/**
 * A password made for a new account (导入的用户), shown once to whoever created it. It is 128 random bits, so
 * like an API key a plain SHA-256 digest stores it safely, and thousands are made in milliseconds (an import
 * of a district's people cannot wait 45 ms of scrypt each); it stays until its holder sets their own password.
 */
export function oneTimePassword(): { password: string; hash: string } {
  const password = randomBytes(16).toString('base64url');
  return { password, hash: `${ONE_TIME}${digestApiKey(password)}` };
}

/** Whether a stored hash is a one-time password's digest: its holder has not set their own password yet. */
export function isOneTimeHash(stored: string): boolean {
  return stored.startsWith(ONE_TIME);
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (isOneTimeHash(stored)) {
    const expected = Buffer.from(stored.slice(ONE_TIME.length), 'hex');
    const actual = Buffer.from(digestApiKey(password), 'hex');
    return expected.length === actual.length && timingSafeEqual(actual, expected);
  }
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

/** API keys are long random strings, so a plain SHA-256 digest is enough to look them up safely. */
export function digestApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
