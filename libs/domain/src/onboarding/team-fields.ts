import { z } from 'zod';
import { DocumentError, zodErrors } from '../command-structure/document-errors';
import { DistrictOutline } from '../district/district-outline';
import { isCapability, CAPABILITIES } from '../rescue-circle/capabilities';
import { RescueTeam, TEAM_KINDS, TEAM_LEVELS, VEHICLE_CLASSES } from '../rescue-circle/rescue-team';

/** A rescue team's own fields, as an operator writes them (the unit carries id, name, township, contact). */
export type TeamFields = Omit<RescueTeam, 'id' | 'name' | 'townshipCode' | 'contact' | 'status'>;

const TeamFieldsSchema = z.strictObject({
  level: z.enum(TEAM_LEVELS),
  kind: z.enum(TEAM_KINDS),
  base: z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
  vehicleClass: z.enum(VEHICLE_CLASSES),
  capabilities: z.array(z.string()),
  equipment: z.array(z.string().trim().min(1).max(100)).max(200),
  members: z.number().int().min(1).max(10_000),
});

export type TeamFieldsCheck = { ok: true; team: TeamFields } | { ok: false; errors: DocumentError[] };

/**
 * Checks a team's fields and lists every error, each by a pointer under `base`: the shape, capabilities the
 * product knows (each once), and a base inside the district's outline.
 */
export function checkTeamFields(input: unknown, outline: DistrictOutline, base = '/team'): TeamFieldsCheck {
  const parsed = TeamFieldsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error, base) };
  const t = parsed.data;
  const errors: DocumentError[] = [];
  t.capabilities.forEach((c, i) => {
    if (!isCapability(c))
      errors.push({ pointer: `${base}/capabilities/${i}`, message: unknownCapability(c) });
  });
  if (new Set(t.capabilities).size !== t.capabilities.length) {
    errors.push({ pointer: `${base}/capabilities`, message: 'a capability is listed twice' });
  }
  if (!outline.contains(t.base)) {
    errors.push({ pointer: `${base}/base`, message: outsideDistrict(t.base) });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, team: t as TeamFields };
}

export function unknownCapability(code: string): string {
  return `未知能力 unknown capability "${code}" (known: ${Object.keys(CAPABILITIES).join(', ')})`;
}

export function outsideDistrict(p: { lat: number; lon: number }): string {
  return `不在辖区内 ${p.lat}, ${p.lon} lies outside the district's outline`;
}
