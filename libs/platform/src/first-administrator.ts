import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FirstAdministrator, openFirstAdministrator, UserStore } from '@erp/domain';

/** Where the first administrator's one-time password is kept for whoever installed the product. */
export const FIRST_ADMIN_PASSWORD_FILE = 'first-admin-password';

interface Log {
  log(message: string): void;
  warn(message: string): void;
}

/**
 * On an empty install, opens the first administrator and tells their one-time password once: in the log,
 * and in DATA_DIR/first-admin-password (0600) where a data directory can be written (a services-mode
 * container may have none: the log still has it). Any later start, or a seeded database, does nothing.
 */
export async function greetFirstAdministrator(
  users: Pick<UserStore, 'openFirst'>,
  config: { firstAdminUsername: string; dataDir: string },
  log: Log,
): Promise<FirstAdministrator | null> {
  const admin = await openFirstAdministrator(users, config.firstAdminUsername);
  if (!admin) return null;
  const path = resolve(config.dataDir, FIRST_ADMIN_PASSWORD_FILE);
  let kept = `, also kept in ${path} (0600)`;
  try {
    mkdirSync(resolve(config.dataDir), { recursive: true });
    writeFileSync(path, `${admin.username}\n${admin.password}\n`, { mode: 0o600 });
    // The mode is applied only when the file is created: a file left from an earlier install is fixed too.
    chmodSync(path, 0o600);
  } catch (e) {
    kept = '';
    log.warn(`无法写入 could not write ${path}: ${(e as Error).message}; the password is in this log only`);
  }
  log.log(
    `空库首次启动，已创建管理员 no user yet: opened the administrator "${admin.username}" with the one-time password ${admin.password}${kept}. 请登录后创建单位与人员 sign in and create the district's units and people`,
  );
  return admin;
}
