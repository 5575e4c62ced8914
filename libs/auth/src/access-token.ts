import jwt from 'jsonwebtoken';
import { USER_ROLES, UserRole } from '@erp/domain';

export type { UserRole };

/** Who is signed in, as carried by the access token. */
export interface SignedInUser {
  userId: string;
  username: string;
  displayName: string;
  role: UserRole;
  unitId: string | null;
}

export function signAccessToken(user: SignedInUser, secret: string, ttlSeconds: number): string {
  return jwt.sign(
    { username: user.username, name: user.displayName, role: user.role, unit: user.unitId },
    secret,
    { algorithm: 'HS256', subject: user.userId, expiresIn: ttlSeconds, issuer: 'erp' },
  );
}

/**
 * Verifies signature, algorithm, issuer and expiry; returns null for anything forged, altered or stale.
 * A token without `exp` is refused: jsonwebtoken would accept it for ever, and every token we sign has one.
 */
export function verifyAccessToken(token: string, secret: string): SignedInUser | null {
  try {
    const claims = jwt.verify(token, secret, { algorithms: ['HS256'], issuer: 'erp' }) as jwt.JwtPayload;
    if (typeof claims.exp !== 'number') return null;
    if (typeof claims.sub !== 'string' || typeof claims.username !== 'string') return null;
    // A role this build does not know (a token of a newer or older one) grants nothing rather than guessing.
    if (!USER_ROLES.includes(claims.role as UserRole)) return null;
    return {
      userId: claims.sub,
      username: claims.username,
      displayName: String(claims.name ?? claims.username),
      role: claims.role as UserRole,
      unitId: (claims.unit as string | null) ?? null,
    };
  } catch {
    return null;
  }
}
