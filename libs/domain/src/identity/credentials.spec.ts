import { hashPassword, isOneTimeHash, oneTimePassword, verifyPassword } from './credentials';

describe('credentials', () => {
  it('stores a one-time password as a marked digest that verifies it, and nothing else', async () => {
    const { password, hash } = oneTimePassword();
    expect(isOneTimeHash(hash)).toBe(true);
    expect(await verifyPassword(password, hash)).toBe(true);
    expect(await verifyPassword(`${password}x`, hash)).toBe(false);
  });

  it('does not take a scrypt hash for a one-time one', async () => {
    const hash = await hashPassword('a password of one user');
    expect(isOneTimeHash(hash)).toBe(false);
    expect(await verifyPassword('a password of one user', hash)).toBe(true);
  });
});
