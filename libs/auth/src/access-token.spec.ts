import jwt from 'jsonwebtoken';
import { SignedInUser, signAccessToken, verifyAccessToken } from './access-token';

const SECRET = 'unit-test-secret-0123456789abcdef';
const user: SignedInUser = {
  userId: 'b1f0c6a2-0000-4000-8000-000000000001',
  username: 'qj_duty',
  displayName: '清江镇值班员',
  role: 'duty_officer',
  unitId: 'township-office-511902101',
};

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('access tokens', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('round-trips the signed-in user', () => {
    const token = signAccessToken(user, SECRET, 3600);
    expect(token.split('.')).toHaveLength(3);
    expect(verifyAccessToken(token, SECRET)).toEqual(user);
  });

  it('round-trips a user without a unit', () => {
    const auditor: SignedInUser = { ...user, role: 'auditor', unitId: null };
    expect(verifyAccessToken(signAccessToken(auditor, SECRET, 3600), SECRET)).toEqual(auditor);
  });

  it('round-trips an administrator, and refuses a signed token whose role it does not know', () => {
    const admin: SignedInUser = { ...user, role: 'administrator', unitId: null };
    expect(verifyAccessToken(signAccessToken(admin, SECRET, 3600), SECRET)).toEqual(admin);
    const unknown = jwt.sign({ username: 'x', name: 'x', role: 'superuser', unit: null }, SECRET, {
      algorithm: 'HS256',
      subject: user.userId,
      expiresIn: 3600,
      issuer: 'erp',
    });
    expect(verifyAccessToken(unknown, SECRET)).toBeNull();
  });

  it('signs with HS256, issuer erp, subject = user id and the requested lifetime', () => {
    const claims = jwt.decode(signAccessToken(user, SECRET, 600), { complete: true })!;
    expect(claims.header.alg).toBe('HS256');
    const payload = claims.payload as jwt.JwtPayload;
    expect(payload).toMatchObject({ iss: 'erp', sub: user.userId, username: 'qj_duty' });
    expect(payload.exp! - payload.iat!).toBe(600);
  });

  it('refuses a token signed with another secret', () => {
    const token = signAccessToken(user, 'another-secret-0123456789abcdef', 3600);
    expect(verifyAccessToken(token, SECRET)).toBeNull();
  });

  it('refuses a token whose payload was altered by one character', () => {
    const [header, payload, signature] = signAccessToken(user, SECRET, 3600).split('.');
    const i = Math.floor(payload.length / 2);
    const altered = payload.slice(0, i) + (payload[i] === 'A' ? 'B' : 'A') + payload.slice(i + 1);
    expect(altered).not.toBe(payload);
    expect(verifyAccessToken(`${header}.${altered}.${signature}`, SECRET)).toBeNull();
  });

  it('refuses a token whose payload was re-encoded with a higher role', () => {
    const [header, payload, signature] = signAccessToken(user, SECRET, 3600).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const promoted = b64url({ ...claims, role: 'commander', unit: 'district-command-room' });
    expect(verifyAccessToken(`${header}.${promoted}.${signature}`, SECRET)).toBeNull();
  });

  it('refuses an unsigned alg:none token', () => {
    const header = b64url({ alg: 'none', typ: 'JWT' });
    const payload = b64url({
      sub: user.userId,
      username: user.username,
      name: user.displayName,
      role: 'commander',
      unit: null,
      iss: 'erp',
      iat: nowSeconds(),
      exp: nowSeconds() + 3600,
    });
    expect(verifyAccessToken(`${header}.${payload}.`, SECRET)).toBeNull();
  });

  it('refuses a token signed with another HMAC algorithm', () => {
    const token = jwt.sign({ username: user.username }, SECRET, {
      algorithm: 'HS512',
      subject: user.userId,
      issuer: 'erp',
      expiresIn: 3600,
    });
    expect(verifyAccessToken(token, SECRET)).toBeNull();
  });

  it('accepts a token until it expires and refuses it afterwards', () => {
    jest.useFakeTimers({ now: new Date('2026-03-01T08:00:00.000Z') });
    const token = signAccessToken(user, SECRET, 1);
    jest.setSystemTime(new Date('2026-03-01T08:00:00.500Z'));
    expect(verifyAccessToken(token, SECRET)).toEqual(user);
    jest.setSystemTime(new Date('2026-03-01T08:00:02.000Z'));
    expect(verifyAccessToken(token, SECRET)).toBeNull();
  });

  it('refuses a token whose exp is in the past', () => {
    const token = jwt.sign(
      { username: user.username, exp: nowSeconds() - 60, iat: nowSeconds() - 120 },
      SECRET,
      { algorithm: 'HS256', subject: user.userId, issuer: 'erp' },
    );
    expect(verifyAccessToken(token, SECRET)).toBeNull();
  });

  it('refuses a validly signed token that never expires (no exp)', () => {
    const forever = jwt.sign(
      { username: user.username, name: user.displayName, role: 'commander', unit: null },
      SECRET,
      { algorithm: 'HS256', subject: user.userId, issuer: 'erp' },
    );
    expect((jwt.decode(forever) as jwt.JwtPayload).exp).toBeUndefined();
    expect(verifyAccessToken(forever, SECRET)).toBeNull();
  });

  it('always signs an expiry', () => {
    const claims = jwt.decode(signAccessToken(user, SECRET, 60)) as jwt.JwtPayload;
    expect(typeof claims.exp).toBe('number');
  });

  it('refuses a token from another issuer, or with none', () => {
    const other = jwt.sign({ username: user.username }, SECRET, {
      algorithm: 'HS256',
      subject: user.userId,
      issuer: 'not-erp',
      expiresIn: 3600,
    });
    expect(verifyAccessToken(other, SECRET)).toBeNull();
    const none = jwt.sign({ username: user.username }, SECRET, {
      algorithm: 'HS256',
      subject: user.userId,
      expiresIn: 3600,
    });
    expect(verifyAccessToken(none, SECRET)).toBeNull();
  });

  it('refuses a validly signed token without subject or username', () => {
    const noSub = jwt.sign({ username: user.username }, SECRET, {
      algorithm: 'HS256',
      issuer: 'erp',
      expiresIn: 60,
    });
    expect(verifyAccessToken(noSub, SECRET)).toBeNull();
    const noName = jwt.sign({}, SECRET, { algorithm: 'HS256', issuer: 'erp', subject: 'u', expiresIn: 60 });
    expect(verifyAccessToken(noName, SECRET)).toBeNull();
  });

  it('refuses garbage', () => {
    expect(verifyAccessToken('', SECRET)).toBeNull();
    expect(verifyAccessToken('a.b.c', SECRET)).toBeNull();
  });
});
