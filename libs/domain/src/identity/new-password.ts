import { DocumentError } from '../command-structure/document-errors';
import { DomainError } from '../shared/domain-error';

/** Shorter than this, a password falls to guessing even behind the sign-in throttle. */
export const MIN_PASSWORD_LENGTH = 10;

/**
 * A password a person chooses for themselves: long enough, not their user name, not the one it replaces.
 * Throws PASSWORD.WEAK listing every broken rule at once, each at /newPassword.
 */
export function checkNewPassword(change: {
  username: string;
  currentPassword: string;
  newPassword: string;
}): void {
  const { username, currentPassword, newPassword } = change;
  const errors: DocumentError[] = [];
  const at = (message: string) => errors.push({ pointer: '/newPassword', message });
  // Counted in code points, so a Chinese passphrase is measured by the characters a person typed.
  if ([...newPassword].length < MIN_PASSWORD_LENGTH) {
    at(`密码至少 ${MIN_PASSWORD_LENGTH} 个字符 at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (newPassword.trim().toLowerCase() === username.trim().toLowerCase()) {
    at('密码不能与用户名相同 must not be the user name');
  }
  if (newPassword === currentPassword) at('新密码不能与当前密码相同 must differ from the current password');
  if (errors.length) {
    throw new DomainError('PASSWORD.WEAK', 'invalid', '新密码不符合要求 the new password is too weak', {
      errors,
    });
  }
}
