/** The shapes the console reads from /api/v1: what the server sends today, and what issue 10 adds. */

export type Role = 'duty_officer' | 'commander' | 'auditor' | 'administrator';
export type Tier = 'T1_MINOR' | 'T2_GENERAL' | 'T3_MAJOR';
export type Level = 'I' | 'II' | 'III' | 'IV' | null;
export type TaskRole = 'lead' | 'support' | 'notify' | 'supervise';
export type TaskStatus =
  'dispatched' | 'acknowledged' | 'departed' | 'arrived' | 'completed' | 'declined' | 'cancelled';
export type Move = 'acknowledge' | 'depart' | 'arrive' | 'report' | 'complete' | 'decline';
export type DeadlineKind = 'ack' | 'depart' | 'arrive' | 'firstReport' | 'complete';

export interface LoginReply {
  accessToken: string;
  expiresIn: number;
  unitId: string | null;
  role: Role;
  /** The password used was a one-time one: the person sets their own before anything else. */
  mustChangePassword?: boolean;
}

export interface GeoPoint {
  lat: number;
  lon: number;
}

/** An incident as a task or a list carries it. */
export interface IncidentSummary {
  id: string;
  type: string;
  tier: Tier;
  level: Level;
  townshipCode: string;
  description: string;
  status: string;
  exercise: boolean;
  openedAt: string;
  location?: GeoPoint | null;
  /** In the incident list (issue 10). */
  closedAt?: string | null;
  openTasks?: number;
  breaches?: number;
}

export interface Deadline {
  kind: DeadlineKind;
  dueAt: string;
  state?: 'watching' | 'met' | 'missed' | 'stopped';
}

/** A task as the console shows it; `normalizeTask` fills what today's rows lack. */
export interface TaskView {
  id: string;
  incidentId: string;
  unitId: string;
  unitName?: string;
  role: TaskRole;
  status: TaskStatus;
  dispatchedAt: string;
  acknowledgedAt?: string | null;
  declineReason?: string | null;
  capabilities: string[];
  etaSeconds: number | null;
  escalationStep: number;
  deadlines: Deadline[];
  nextDeadline: Deadline | null;
  allowedMoves: Move[];
  incident?: IncidentSummary;
}

/** GET /api/v1/incidents/{id}. */
export interface IncidentDetail extends IncidentSummary {
  category: string | null;
  reasons: string[];
  ruleSetVersion: string;
  lastAlarmAt: string;
  hazardPointId: string | null;
  pendingDowngrade: unknown;
  alarmIds: string[];
  /** Each alarm the incident grew from, oldest first (absent from servers before issue 14). */
  alarms?: AlarmView[];
  tasks: Record<string, unknown>[];
}

/** An alarm as the incident shows it: who sent it, when, and what they said. */
export interface AlarmView {
  id: string;
  source: string;
  type: string;
  occurredAt: string;
  receivedAt: string;
  description: string;
  reporter?: { name?: string; phone?: string; role?: string } | null;
}

export interface TimelineEntry {
  seq: number;
  eventId: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: { kind: string; id: string; name?: string; unitId?: string };
  summary: string;
}

export interface Timeline {
  incidentId: string;
  chainIntact: boolean;
  entries: TimelineEntry[];
}

export interface IncidentPage {
  items: IncidentSummary[];
  nextCursor: string | null;
}

export interface TeamView {
  status: 'available' | 'dispatched' | 'en_route' | 'on_scene' | 'returning' | 'out_of_service';
  base: GeoPoint;
  capabilities: string[];
  level: string;
  kind: string;
}

export interface UnitSummary {
  id: string;
  kind: string;
  name: string;
  townshipCode: string | null;
  parentId: string | null;
  team?: TeamView;
}

export interface CoverageReport {
  circleSeconds: number;
  townships: {
    code: string;
    name: string;
    bestEtaSeconds: number | null;
    teamId: string | null;
    covered: boolean;
  }[];
  coveredShare: number;
}

export interface IncidentTypeRef {
  code: string;
  nameZh: string;
  category: string;
}

/** One change on GET /api/v1/stream. */
export interface LiveEvent {
  id: string;
  eventId: string;
  type: string;
  incidentId: string | null;
  occurredAt: string;
  recordedAt: string;
  actor: { kind: string; id: string; name?: string; unitId?: string };
  payload: Record<string, unknown>;
}

/** One refused part of a request body, named by its JSON pointer (`/newPassword`). */
export interface FieldError {
  pointer: string;
  message: string;
}

/** The error body every route answers with. */
export interface ErrorBody {
  error: { code: string; message: string; allowed?: Move[]; fields?: FieldError[] };
}

/** A warning (预警) as GET /api/v1/warnings lists it. */
export interface WarningSummary {
  id: string;
  event: string;
  colour: 'blue' | 'yellow' | 'orange' | 'red' | null;
  headline: string | null;
  status: 'active' | 'ended';
  issuedAt: string;
  expiresAt: string | null;
  area: { description: string; wholeDistrict: boolean; townshipCodes: string[] };
}

/** A warning's task for one responsible person of one hazard point (巡查, 值守, 转移避险). */
export interface WarningTask {
  id: string;
  warningId: string;
  hazardPointId: string;
  hazardPointName: string;
  action: 'patrol' | 'standby' | 'evacuate';
  status: 'dispatched' | 'acknowledged' | 'completed' | 'cancelled';
  acknowledgeDueAt: string;
  completeDueAt: string;
  open: boolean;
}
