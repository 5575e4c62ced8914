import { z } from 'zod';
import {
  IncidentCategory,
  IncidentTypeCode,
  INCIDENT_CATEGORIES,
  isIncidentType,
} from '../classification/incident-types';

/**
 * The kinds of unit in the 1+18 command structure (seed: "乡镇、部门、区应急委和18个专项指挥部").
 * - `committee`: the district emergency committee (区应急委) and its standing command room (区应急指挥中心);
 * - `special_hq`: the 18 special command headquarters (专项指挥部);
 * - `department`: district industry departments (区级行业主管部门);
 * - `township_office`: each township's emergency office (乡镇应急管理办公室);
 * - `rescue_team`: rescue teams (三级应急队伍, 消防救援大队, 蓝天救援队). Their extra fields (base, capabilities,
 *   equipment, status) belong to the rescue-circle module; the registry keeps any extra field as given.
 */
export const UNIT_KINDS = [
  'committee',
  'special_hq',
  'department',
  'township_office',
  'rescue_team',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_NAMES_ZH: Readonly<Record<UnitKind, string>> = {
  committee: '区应急委 / 应急指挥中心',
  special_hq: '专项指挥部',
  department: '区级行业主管部门',
  township_office: '乡镇应急管理办公室',
  rescue_team: '应急救援队伍',
};

/** A member's post in the unit: 负责人, 副职, 值班员, 联络员. */
export const MEMBER_ROLES = ['head', 'deputy', 'duty_officer', 'liaison'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface UnitContact {
  name: string;
  phone: string;
}

/** A person who acts for the unit (a duty officer logs in as `userName`). */
export interface UnitMember {
  userName: string;
  displayName: string;
  role: MemberRole;
  phone?: string;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * A recurring duty shift in the district's local time (see `DISTRICT_UTC_OFFSET_MINUTES`). `start` and `end`
 * are "HH:MM" (`end` may be "24:00"). When `end` is not after `start` the shift runs overnight and ends on the
 * next day; `start` equal to `end` is a 24-hour shift. `days` are the weekdays on which the shift STARTS
 * (absent: every day), so a Friday 20:00–08:00 shift covers Saturday 03:00.
 */
export interface WeeklyDutyWindow {
  kind: 'weekly';
  userName: string;
  days?: IsoWeekday[];
  start: string;
  end: string;
}

/** A one-off duty period (节假日值班), ISO date-times with offset; `from` inclusive, `to` exclusive. */
export interface DatedDutyWindow {
  kind: 'dated';
  userName: string;
  from: string;
  to: string;
}

export type RosterWindow = WeeklyDutyWindow | DatedDutyWindow;

/**
 * What a unit answers for. A department states incident types (行业主管); a special HQ states the types it
 * commands and, as a fallback, whole categories.
 */
export interface UnitResponsibility {
  types?: IncidentTypeCode[];
  categories?: IncidentCategory[];
}

export interface CommandUnit {
  id: string;
  kind: UnitKind;
  /** Chinese name, as duty officers know the unit. */
  name: string;
  townshipCode?: string;
  /** The unit this one reports to in the command structure. */
  parentId?: string;
  /** The unit's own line (值班电话): reached when the roster names nobody. */
  contact: UnitContact;
  members: UnitMember[];
  /** Who is on duty when (值班表). */
  roster: RosterWindow[];
  responsibleFor?: UnitResponsibility;
  note?: string;
}

/** Bazhong keeps China Standard Time (UTC+08:00, no daylight saving): roster times are local times. */
export const DISTRICT_UTC_OFFSET_MINUTES = 480;

const HH_MM = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

const isoDateTime = z.iso.datetime({ offset: true });

const WeeklyDutyWindowSchema = z.strictObject({
  kind: z.literal('weekly'),
  userName: z.string().min(1),
  days: z
    .array(z.literal([1, 2, 3, 4, 5, 6, 7]))
    .min(1)
    .optional(),
  start: z
    .string()
    .regex(HH_MM, 'expected a time "HH:MM"')
    .refine((s) => s !== '24:00', {
      message: 'a shift cannot start at 24:00; use 00:00',
    }),
  end: z.string().regex(HH_MM, 'expected a time "HH:MM" (24:00 allowed)'),
});

const DatedDutyWindowSchema = z.strictObject({
  kind: z.literal('dated'),
  userName: z.string().min(1),
  from: isoDateTime,
  to: isoDateTime,
});

const incidentTypeCode = z.custom<IncidentTypeCode>(isIncidentType, {
  error: (issue) => `unknown incident type ${JSON.stringify(issue.input)}`,
});

const incidentCategory = z.custom<IncidentCategory>(
  (c) => typeof c === 'string' && Object.prototype.hasOwnProperty.call(INCIDENT_CATEGORIES, c),
  { error: (issue) => `unknown incident category ${JSON.stringify(issue.input)}` },
);

/**
 * One unit as data. Loose on purpose: a unit may carry fields this module does not know (a rescue team's base,
 * capabilities, equipment); they are kept as given.
 */
export const CommandUnitSchema = z.looseObject({
  id: z.string().regex(/^\S+$/, 'a unit id is a non-empty string without spaces'),
  kind: z.enum(UNIT_KINDS),
  name: z.string().trim().min(1),
  townshipCode: z
    .string()
    .regex(/^\d{9}$/, 'a township code has 9 digits')
    .optional(),
  parentId: z.string().min(1).optional(),
  contact: z.strictObject({
    name: z.string().trim().min(1),
    phone: z.string().regex(/^[0-9+\-() ]{3,24}$/, 'a phone number has digits, spaces, +, - and brackets'),
  }),
  members: z.array(
    z.strictObject({
      userName: z.string().min(1),
      displayName: z.string().trim().min(1),
      role: z.enum(MEMBER_ROLES),
      phone: z.string().min(3).optional(),
    }),
  ),
  roster: z.array(z.discriminatedUnion('kind', [WeeklyDutyWindowSchema, DatedDutyWindowSchema])),
  responsibleFor: z
    .strictObject({
      types: z.array(incidentTypeCode).optional(),
      categories: z.array(incidentCategory).optional(),
    })
    .optional(),
  note: z.string().optional(),
});

const MINUTE_MS = 60_000;
const DAY_MS = 1_440 * MINUTE_MS;

/** Whether a recurring shift covers the instant `at`. */
export function weeklyWindowCovers(
  window: WeeklyDutyWindow,
  at: Date,
  utcOffsetMinutes = DISTRICT_UTC_OFFSET_MINUTES,
): boolean {
  const local = at.getTime() + utcOffsetMinutes * MINUTE_MS;
  const today = Math.floor(local / DAY_MS) * DAY_MS;
  const start = minutesOf(window.start);
  let end = minutesOf(window.end);
  const overnight = end <= start;
  if (overnight) end += 1_440;
  // A shift that started yesterday may still be running today.
  for (const dayStart of overnight ? [today, today - DAY_MS] : [today]) {
    const weekday = (new Date(dayStart).getUTCDay() || 7) as IsoWeekday;
    if (window.days && !window.days.includes(weekday)) continue;
    if (local >= dayStart + start * MINUTE_MS && local < dayStart + end * MINUTE_MS) return true;
  }
  return false;
}

/** Whether a one-off duty period covers the instant `at` (`from` inclusive, `to` exclusive). */
export function datedWindowCovers(window: DatedDutyWindow, at: Date): boolean {
  const t = at.getTime();
  return t >= Date.parse(window.from) && t < Date.parse(window.to);
}

export type OnDuty =
  { source: 'roster'; members: UnitMember[] } | { source: 'contact'; contact: UnitContact };

/**
 * Who answers for the unit at `at` (值班). One-off periods (节假日值班表) override the weekly pattern: when any
 * dated window covers `at`, only dated windows count. Members come in roster order, each once. When no
 * window covers `at` (or it names nobody the unit knows), the unit's contact line answers.
 */
export function onDutyAt(
  unit: Pick<CommandUnit, 'members' | 'roster' | 'contact'>,
  at: Date,
  utcOffsetMinutes = DISTRICT_UTC_OFFSET_MINUTES,
): OnDuty {
  const dated = unit.roster.filter(
    (w): w is DatedDutyWindow => w.kind === 'dated' && datedWindowCovers(w, at),
  );
  const windows: RosterWindow[] =
    dated.length > 0
      ? dated
      : unit.roster.filter((w) => w.kind === 'weekly' && weeklyWindowCovers(w, at, utcOffsetMinutes));
  const members: UnitMember[] = [];
  for (const w of windows) {
    const member = unit.members.find((m) => m.userName === w.userName);
    if (member && !members.includes(member)) members.push(member);
  }
  return members.length > 0 ? { source: 'roster', members } : { source: 'contact', contact: unit.contact };
}

/**
 * A rescue team as a unit of the command structure, so it can be tasked and rostered like any unit. The
 * rescue-circle module's team record has a `kind` of its own (professional, fire_brigade …) and `members` as a
 * head count, so it is kept whole under `team` rather than spread into the unit.
 */
export function rescueTeamUnit<
  T extends { id: string; name: string; townshipCode?: string; contact: UnitContact },
>(
  team: T,
  options: { parentId?: string; members?: UnitMember[]; roster?: RosterWindow[] } = {},
): CommandUnit & { team: T } {
  return {
    id: team.id,
    kind: 'rescue_team',
    name: team.name,
    ...(team.townshipCode !== undefined ? { townshipCode: team.townshipCode } : {}),
    ...(options.parentId !== undefined ? { parentId: options.parentId } : {}),
    contact: { name: team.contact.name, phone: team.contact.phone },
    members: options.members ?? [],
    roster: options.roster ?? [],
    team,
  };
}
