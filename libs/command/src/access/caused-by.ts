import type { SignedInUser } from '@erp/duty';
import type { Causation } from '@erp/persistence';

/** An operator's change: the first fact of its chain, attributed to the signed-in user. */
export function causedBy(user: SignedInUser, correlationId: string): Causation {
  return {
    actor: { kind: 'user', id: user.userId, name: user.username, unitId: user.unitId ?? undefined },
    correlationId,
    causationId: null,
  };
}
