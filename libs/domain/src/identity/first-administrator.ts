import { oneTimePassword } from './credentials';
import type { UserStore } from './identity-store.port';

/** The first administrator's sign-in, to be shown once to whoever installed the product. */
export interface FirstAdministrator {
  username: string;
  password: string;
}

/**
 * An install started empty (SEED_DEMO=false) has nobody to sign in and create the first unit: the first
 * start opens one administrator with a one-time password (until they set their own, see credentials). A
 * database with any user, retired ones included, gets nothing: null.
 */
export async function openFirstAdministrator(
  users: Pick<UserStore, 'openFirst'>,
  username: string,
): Promise<FirstAdministrator | null> {
  const { password, hash } = oneTimePassword();
  const opened = await users.openFirst({
    username,
    displayName: '系统管理员',
    role: 'administrator',
    unitId: null,
    passwordHash: hash,
  });
  return opened ? { username, password } : null;
}
