import {
  BAZHOU,
  bazhouOutline,
  DomainError,
  HazardPointDraft,
  hazardPointDraftSchema,
  requireStructureAdministrator,
  Stores,
} from '@erp/domain';
import type { SignedInUser } from '@erp/auth';

/** The body of POST and PUT /api/v1/hazard-points, validated here and documented as it is. */
export const HazardPointDraftSchema = hazardPointDraftSchema(BAZHOU, bazhouOutline());

/** The register is the commander's (区应急指挥长) or an administrator's to change; others read it. */
export function requireRegisterEditor(user: SignedInUser): void {
  requireStructureAdministrator(user, 'HAZARD_POINT.COMMANDER_ONLY', '修改隐患点 change the hazard register');
}

export function unknownHazardPoint(id: string): DomainError {
  return new DomainError('HAZARD_POINT.NOT_FOUND', 'not_found', `无此隐患点 no hazard point ${id}`, {
    hazardPointId: id,
  });
}

/**
 * The body checked whole: its shape and rules (every error at once), then that each responsible person's
 * userName is a user who can sign in. Nothing is written before all of it holds.
 */
export async function checkedDraft(stores: Stores, body: unknown, id?: string): Promise<HazardPointDraft> {
  const input = id !== undefined && body && typeof body === 'object' ? { ...body, id } : body;
  const parsed = HazardPointDraftSchema.safeParse(input ?? null);
  const errors = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        pointer: `/${issue.path.map(String).join('/')}`,
        message: issue.message,
      }));
  if (parsed.success) {
    const persons = parsed.data.responsiblePersons;
    const users = await Promise.all(persons.map((p) => stores.users.byUsername(p.userName)));
    users.forEach((user, i) => {
      if (!user) {
        errors.push({
          pointer: `/responsiblePersons/${i}/userName`,
          message: `无此用户 no user ${persons[i].userName}: a responsible person must be able to sign in`,
        });
      }
    });
  }
  if (errors.length > 0 || !parsed.success) {
    throw new DomainError(
      'HAZARD_POINT.INVALID',
      'invalid',
      `隐患点无效 invalid hazard point: ${errors.map((e) => e.pointer).join(', ')}`,
      { errors },
    );
  }
  return parsed.data;
}
