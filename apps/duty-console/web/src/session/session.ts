import type { LoginReply, Role } from '../api/types';

/** Who is signed in, from the login reply and the token's own claims. */
export interface Session {
  token: string;
  role: Role;
  unitId: string | null;
  username: string;
  displayName: string;
  /** When the token runs out, epoch milliseconds. */
  expiresAt: number;
  /** Signed in with a one-time password: kept with the session, so a reload still asks for a new one. */
  mustChangePassword: boolean;
}

export type SignedOutReason = 'signed-out' | 'expired';

/** Reads a JWT's payload without checking it (the server checks; the page only needs names and exp). */
export function tokenClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Builds the session from a login reply; `now` and the reply's lifetime bound the expiry. */
export function sessionOf(reply: LoginReply, now: number): Session {
  const claims = tokenClaims(reply.accessToken);
  const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : now + reply.expiresIn * 1000;
  const username = typeof claims.username === 'string' ? claims.username : '';
  return {
    token: reply.accessToken,
    role: reply.role,
    unitId: reply.unitId,
    username,
    displayName: typeof claims.name === 'string' ? claims.name : username,
    expiresAt: Math.min(exp, now + reply.expiresIn * 1000),
    mustChangePassword: reply.mustChangePassword === true,
  };
}
