import { DomainError } from '../shared/domain-error';

/**
 * The roles an account signs in with, and their Chinese names as people read them. The administrator
 * (管理员) keeps the district's data (units, people, rosters, teams, points, imports, users) but commands
 * nothing: closing incidents, regrading and dispatch decisions stay with the commander (指挥长).
 */
export const USER_ROLES = ['duty_officer', 'commander', 'auditor', 'administrator'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const USER_ROLE_LABELS: Readonly<Record<UserRole, string>> = {
  duty_officer: '值班员',
  commander: '指挥长',
  auditor: '审计员',
  administrator: '管理员',
};

/** A sign-in name: letters (Chinese too), digits and . _ @ -, nothing invisible or spaced. */
const USER_NAME = /^[\p{L}\p{N}._@-]{1,64}$/u;

export function isUserName(name: string): boolean {
  return USER_NAME.test(name);
}

/** Who holds a role (a signed-in user, an audit reader, a live viewer). */
export interface RoleHolder {
  role: string;
}

/**
 * The command structure and the district's data (units, members and their accounts, rosters, teams, township
 * and hazard points, sensors, the plan, imports and exports, webhooks): the commander or an administrator.
 */
export function mayAdministerStructure(user: RoleHolder): boolean {
  return user.role === 'commander' || user.role === 'administrator';
}

/**
 * Refuses (403 with `code`) anyone who may not administer the structure; `what` names what they tried, in
 * Chinese then English ("新增单位 create a unit").
 */
export function requireStructureAdministrator(user: RoleHolder, code: string, what: string): void {
  if (mayAdministerStructure(user)) return;
  throw new DomainError(
    code,
    'forbidden',
    `只有指挥长或管理员可以${what}: only the commander or an administrator may`,
  );
}
