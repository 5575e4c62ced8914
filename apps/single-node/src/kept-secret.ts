import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';

/** Shortest content taken for a kept secret: ours are 64 characters (48 random bytes). */
const MIN_LENGTH = 32;

/**
 * A secret generated on first start and kept in DATA_DIR as `name`, readable by its owner only (0600), so a
 * restart keeps it (tokens stay valid) and no secret is ever written in the source. Created exclusively:
 * two starts cannot write two different secrets. `log` hears when one is created or its mode repaired.
 */
export function keptSecret(dataDir: string, name: string, log: (message: string) => void): string {
  mkdirSync(resolve(dataDir), { recursive: true });
  const path = resolve(dataDir, name);
  try {
    const fd = openSync(path, 'wx', 0o600);
    try {
      const secret = randomBytes(48).toString('base64url');
      writeSync(fd, `${secret}\n`);
      log(`已生成密钥 generated ${name}, kept in ${path} (0600)`);
      return secret;
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  if (statSync(path).mode & 0o077) {
    chmodSync(path, 0o600);
    log(`密钥文件权限过宽，已改为 0600 ${path} was readable by others; its mode is now 0600`);
  }
  const secret = readFileSync(path, 'utf8').trim();
  if (secret.length < MIN_LENGTH) {
    throw new Error(
      `${path}: not a secret this program wrote (too short); remove it to have a new one generated`,
    );
  }
  return secret;
}
