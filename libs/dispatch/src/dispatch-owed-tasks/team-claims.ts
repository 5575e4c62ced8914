import { Stores, Transaction, UnitOfWork } from '@erp/domain';

/** Another dispatcher took a chosen team first: decide again on fresh statuses. */
export class TeamTaken extends Error {}

/** Tries before the event goes back to the consumer (which backs off and holds up its partition). */
const ATTEMPTS = 6;

/** Takes the teams (available → dispatched) or throws TeamTaken naming those another dispatch took. */
export async function claimTeams(tx: Stores, teamIds: readonly string[]): Promise<void> {
  if (!teamIds.length) return;
  const claimed = await tx.teams.claim(teamIds);
  if (claimed.length < teamIds.length) {
    const lost = teamIds.filter((id) => !claimed.includes(id));
    throw new TeamTaken(`另一调度已派出 taken by another dispatch meanwhile: ${lost.join(', ')}`);
  }
}

/**
 * Runs a dispatching transaction again while a chosen team was taken by a rival. The rival's claim has
 * committed by then (ours waited on its row lock), so the next read sees it; a little jitter keeps two
 * dispatchers from choosing the same next team in step.
 */
export async function runClaimingTeams<T>(
  unitOfWork: UnitOfWork,
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await unitOfWork.run(work);
    } catch (e) {
      if (!(e instanceof TeamTaken) || attempt >= ATTEMPTS) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
  }
}
