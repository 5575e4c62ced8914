import type { Causation } from '@erp/domain';
import { SignedInUser } from './access-token';

/** An officer's action: the first fact of its chain, attributed to them in the timeline. */
export function userCausation(user: SignedInUser, correlationId: string): Causation {
  return {
    actor: { kind: 'user', id: user.userId, name: user.username, unitId: user.unitId ?? undefined },
    correlationId,
    causationId: null,
  };
}
