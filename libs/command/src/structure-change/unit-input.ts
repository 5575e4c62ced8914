import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  bazhouOutline,
  checkTeamFields,
  CommandUnit,
  CommandUnitSchema,
  DocumentError,
  EDITED_UNIT_TEXTS,
  isMainlandMobile,
  isMainlandPhone,
  isUserName,
  TeamFieldsSchema,
  UNIT_KINDS,
  UnitIds,
} from '@erp/domain';
import type { UnitWrite } from './structure-change';

const NewUnitSchema = z.looseObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{2,80}$/, 'an id has 3 to 81 lower-case letters, digits and hyphens')
    .optional(),
  kind: z.enum(UNIT_KINDS),
});

/**
 * POST /api/v1/units as documented: the very schemas `newUnitFrom` checks in turn (the head, the unit's
 * shape, a team's fields) put together, not a second set of rules.
 */
export const NewUnitBody = CommandUnitSchema.extend({
  id: NewUnitSchema.shape.id.meta({ description: 'generated when absent' }),
  members: CommandUnitSchema.shape.members.optional(),
  roster: CommandUnitSchema.shape.roster.optional(),
  team: TeamFieldsSchema.optional().meta({ description: 'a rescue team only, and required for one' }),
});

/**
 * A new unit from a request body, with every error under `base`: the unit's shape, the edit rules of its
 * texts, mainland phone numbers (the duty line a mobile or landline, members' phones mobiles), and a rescue
 * team's fields (known capabilities, a base inside the district). Its id is generated when not given: a
 * township's office is `township-office-<code>`, a team `team-<random>`, another unit `unit-<random>`.
 */
export function newUnitFrom(
  body: unknown,
  base = '',
): { ok: true; write: UnitWrite } | { ok: false; errors: DocumentError[] } {
  const head = NewUnitSchema.safeParse(body);
  if (!head.success) {
    return {
      ok: false,
      errors: head.error.issues.map((i) => ({ pointer: `${base}/${i.path.join('/')}`, message: i.message })),
    };
  }
  const { team: teamInput, ...rest } = head.data as Record<string, unknown>;
  const kind = head.data.kind;
  const id =
    head.data.id ??
    (kind === 'township_office' && typeof rest.townshipCode === 'string'
      ? UnitIds.townshipOffice(rest.townshipCode)
      : `${kind === 'rescue_team' ? 'team' : 'unit'}-${randomUUID().slice(0, 8)}`);
  const candidate = { members: [], roster: [], ...rest, id };
  const errors = unitFieldErrors(candidate, base);
  let team = null;
  if (kind === 'rescue_team') {
    const checked = checkTeamFields(teamInput, bazhouOutline(), `${base}/team`);
    if (checked.ok) team = checked.team;
    else errors.push(...checked.errors);
  } else if (teamInput !== undefined) {
    errors.push({ pointer: `${base}/team`, message: 'only a rescue team has team fields' });
  }
  if (errors.length > 0) return { ok: false, errors };
  const unit = CommandUnitSchema.parse(candidate) as CommandUnit;
  return { ok: true, write: { unit, team } };
}

/** A unit's own field errors (shape, texts, phones), each under `base`. */
export function unitFieldErrors(candidate: Record<string, unknown>, base = ''): DocumentError[] {
  const errors: DocumentError[] = [];
  const shape = CommandUnitSchema.safeParse(candidate);
  if (!shape.success) {
    for (const i of shape.error.issues)
      errors.push({ pointer: `${base}/${i.path.join('/')}`, message: i.message });
    return errors;
  }
  for (const [field, schema] of Object.entries(EDITED_UNIT_TEXTS)) {
    if (candidate[field] === undefined) continue;
    const texts = schema.safeParse(candidate[field]);
    if (!texts.success) {
      for (const i of texts.error.issues) {
        errors.push({ pointer: `${base}/${[field, ...i.path].join('/')}`, message: i.message });
      }
    }
  }
  const unit = shape.data as CommandUnit;
  if (!isMainlandPhone(unit.contact.phone)) {
    errors.push({ pointer: `${base}/contact/phone`, message: notMainland(unit.contact.phone) });
  }
  unit.members.forEach((m, i) => {
    if (!isUserName(m.userName)) {
      errors.push({
        pointer: `${base}/members/${i}/userName`,
        message: `用户名无效 "${m.userName}": 1 to 64 letters, digits and . _ @ -`,
      });
    }
    if (m.phone !== undefined && !isMainlandMobile(m.phone)) {
      errors.push({ pointer: `${base}/members/${i}/phone`, message: notMainland(m.phone, true) });
    }
  });
  return errors;
}

export function notMainland(phone: string, mobile = false): string {
  return mobile
    ? `不是大陆手机号 "${phone}" is not a mainland mobile number (11 digits, 1[3-9]…)`
    : `不是大陆电话号码 "${phone}" is not a mainland number (a mobile, or a landline with its area code)`;
}
