import { DomainError } from '../shared/domain-error';
import { checkNewPassword } from './new-password';

function refusal(change: Parameters<typeof checkNewPassword>[0]): DomainError {
  try {
    checkNewPassword(change);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('checkNewPassword', () => {
  it('accepts a long password that is neither the user name nor the current one', () => {
    expect(() =>
      checkNewPassword({
        username: 'duty-1',
        currentPassword: 'old one',
        newPassword: '巴州应急值守口令2026',
      }),
    ).not.toThrow();
  });

  it('lists every broken rule at once, each at /newPassword', () => {
    const e = refusal({ username: 'ab', currentPassword: 'AB', newPassword: 'AB' });
    expect(e.code).toBe('PASSWORD.WEAK');
    expect(e.kind).toBe('invalid');
    const errors = e.details?.errors as { pointer: string; message: string }[];
    expect(errors).toHaveLength(3);
    expect(errors.every((x) => x.pointer === '/newPassword')).toBe(true);
    expect(errors.map((x) => x.message).join(' ')).toMatch(/至少 10.*用户名.*当前密码/);
  });

  it('refuses the user name in another case, and measures length in characters', () => {
    const named = refusal({ username: 'Commander-Li', currentPassword: 'x', newPassword: 'commander-li' });
    expect(named.details?.errors).toEqual([
      { pointer: '/newPassword', message: expect.stringContaining('用户名') },
    ]);
    // Nine Chinese characters are 27 UTF-8 bytes and still too short.
    const short = refusal({ username: 'u', currentPassword: 'x', newPassword: '应急管理局值班口令' });
    expect(short.details?.errors).toEqual([
      { pointer: '/newPassword', message: expect.stringContaining('至少') },
    ]);
  });
});
