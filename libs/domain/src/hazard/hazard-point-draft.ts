import { z } from 'zod';
import { District } from '../district/district';
import { DistrictOutline } from '../district/district-outline';
import { distanceMetres } from '../shared/geo';
import { TEXT_LIMITS, visibleText } from '../shared/visible-text';
import { HAZARD_KINDS, HAZARD_RESPONSIBLE_ROLES, HazardPointDraft, RISK_GRADES } from './hazard-point';
import { HAZARD_TOWNSHIP_REACH_METRES } from './hazard-registry';

const keysOf = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

/** Ids are what people and URLs carry: letters, digits, `-` and `_`, e.g. HZ-511902101-01. */
export const HAZARD_POINT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;
/** More than any one slope or valley threatens; a guard against a typed extra zero or two. */
const MAX_THREATENED = 100_000;

const personSchema = z.strictObject({
  role: z.enum(keysOf(HAZARD_RESPONSIBLE_ROLES)),
  name: visibleText(TEXT_LIMITS.personName),
  phone: z.string().trim().regex(PHONE, '电话号码无效 not a phone number'),
  userName: z.string().regex(USER_NAME, '用户名无效 not a user name (letters, digits, . _ -)'),
});

const count = z
  .number()
  .int('须为整数 must be a whole number')
  .min(0, '不能为负 must not be negative')
  .max(MAX_THREATENED, `最多 ${MAX_THREATENED} at most ${MAX_THREATENED}`);

/**
 * A hazard point as an operator writes it, checked whole (every error at once): known kind and grade, a
 * real township, a position inside the district's outline and near that township (a point typed into the
 * wrong township is caught too), counts of the threatened, and at least one 监测员 and one 责任人, each a
 * user name who can sign in (the use case checks the user exists).
 */
export function hazardPointDraftSchema(
  district: District,
  outline: DistrictOutline,
  reachMetres = HAZARD_TOWNSHIP_REACH_METRES,
) {
  return z
    .strictObject({
      id: z.string().regex(HAZARD_POINT_ID, '编号无效 id: letters, digits, - and _, at most 64'),
      name: visibleText(TEXT_LIMITS.name),
      kind: z.enum(keysOf(HAZARD_KINDS)),
      townshipCode: z.string().regex(/^\d{9}$/, '乡镇代码为9位数字 a township code has 9 digits'),
      position: z.strictObject({
        lat: z.number().min(-90).max(90),
        lon: z.number().min(-180).max(180),
      }),
      riskGrade: z.enum(keysOf(RISK_GRADES)),
      threatenedPersons: count,
      threatenedHouseholds: count,
      responsiblePersons: z.array(personSchema).min(1).max(20),
    })
    .superRefine((draft, ctx) => {
      const township = district.township(draft.townshipCode);
      const inside = outline.contains(draft.position);
      if (!township) {
        ctx.addIssue({
          code: 'custom',
          path: ['townshipCode'],
          message: `本区没有乡镇 ${draft.townshipCode} not a township of ${district.name}`,
        });
      }
      if (!inside) {
        ctx.addIssue({
          code: 'custom',
          path: ['position'],
          message: `不在辖区内 ${draft.position.lat}, ${draft.position.lon} lies outside ${district.name}'s outline`,
        });
      } else if (township) {
        // One error a cell: the township's reach is only worth saying of a point inside the district.
        const d = distanceMetres(draft.position, township.approxPosition);
        if (d > reachMetres) {
          ctx.addIssue({
            code: 'custom',
            path: ['position'],
            message: `位置距${township.name} ${Math.round(d)} 米，超出 ${reachMetres} 米 lies ${Math.round(d)} m from ${township.name}, beyond ${reachMetres} m`,
          });
        }
      }
      for (const role of keysOf(HAZARD_RESPONSIBLE_ROLES)) {
        if (!draft.responsiblePersons.some((p) => p.role === role)) {
          ctx.addIssue({
            code: 'custom',
            path: ['responsiblePersons'],
            message: `须有${HAZARD_RESPONSIBLE_ROLES[role].nameZh} needs a ${role}`,
          });
        }
      }
      const seen = new Set<string>();
      draft.responsiblePersons.forEach((p, i) => {
        const key = `${p.role}/${p.userName}`;
        if (seen.has(key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['responsiblePersons', i, 'userName'],
            message: `${p.userName} 重复 is listed twice in that role`,
          });
        }
        seen.add(key);
      });
      if (draft.threatenedHouseholds > draft.threatenedPersons) {
        ctx.addIssue({
          code: 'custom',
          path: ['threatenedHouseholds'],
          message: '户数不能多于人数 more households than persons',
        });
      }
    }) satisfies z.ZodType<HazardPointDraft>;
}
