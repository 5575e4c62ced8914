import { sessionOf, tokenClaims } from './session';

const b64url = (value: unknown) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const token = (claims: object) => `${b64url({ alg: 'HS256' })}.${b64url(claims)}.sig`;

describe('sessionOf', () => {
  const now = Date.parse('2026-12-01T08:00:00Z');

  it('takes names from the token (UTF-8 included) and its expiry from exp', () => {
    const exp = now / 1000 + 600;
    const s = sessionOf(
      {
        accessToken: token({ username: 'duty-511902001', name: '东城街道值班员', exp }),
        expiresIn: 3600,
        unitId: 'township-office-511902001',
        role: 'duty_officer',
      },
      now,
    );
    expect(s).toMatchObject({
      username: 'duty-511902001',
      displayName: '东城街道值班员',
      unitId: 'township-office-511902001',
      role: 'duty_officer',
      expiresAt: exp * 1000,
      mustChangePassword: false,
    });
  });

  it('keeps that the password used was a one-time one', () => {
    const reply = { accessToken: token({ username: 'bureau-admin' }), expiresIn: 60, unitId: null };
    const s = sessionOf({ ...reply, role: 'administrator', mustChangePassword: true }, now);
    expect(s.mustChangePassword).toBe(true);
  });

  it('falls back to the reply lifetime, and to the username for a name', () => {
    const s = sessionOf(
      { accessToken: token({ username: 'auditor' }), expiresIn: 60, unitId: null, role: 'auditor' },
      now,
    );
    expect(s.expiresAt).toBe(now + 60_000);
    expect(s.displayName).toBe('auditor');
  });

  it('reads nothing from a malformed token', () => {
    expect(tokenClaims('not-a-token')).toEqual({});
  });
});
