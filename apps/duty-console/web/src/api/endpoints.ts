import { request } from './client';
import type { HazardPoint } from '../reference';
import type {
  CoverageReport,
  IncidentDetail,
  IncidentPage,
  IncidentTypeRef,
  LoginReply,
  Move,
  Timeline,
  UnitSummary,
  WarningSummary,
  WarningTask,
} from './types';

/** The /api/v1 routes the console calls, each as any integrator would call it. */
export const api = {
  login: (username: string, password: string) =>
    request<LoginReply>('POST', '/api/v1/auth/login', { username, password }),

  /** Its 401 means a wrong current password, not an expired token: the person stays signed in. */
  changePassword: (change: PasswordChange) =>
    request<null>('POST', '/api/v1/auth/password', change, { keepSessionOn401: true }),

  /** Raw rows: today's TaskEntity rows, or issue 10's task views (see normalizeTask). */
  tasks: (status: 'open' | 'all') =>
    request<Record<string, unknown>[]>('GET', `/api/v1/tasks?status=${status}`),

  move: (taskId: string, move: Exclude<Move, 'report' | 'decline'>) =>
    request<Record<string, unknown>>('POST', `/api/v1/tasks/${encodeURIComponent(taskId)}/${move}`),

  decline: (taskId: string, reason: string) =>
    request<Record<string, unknown>>('POST', `/api/v1/tasks/${encodeURIComponent(taskId)}/decline`, {
      reason,
    }),

  report: (taskId: string, report: ReportBody) =>
    request<unknown>('POST', `/api/v1/tasks/${encodeURIComponent(taskId)}/reports`, report),

  incident: (id: string) => request<IncidentDetail>('GET', `/api/v1/incidents/${encodeURIComponent(id)}`),

  timeline: (id: string) => request<Timeline>('GET', `/api/v1/incidents/${encodeURIComponent(id)}/timeline`),

  openIncidents: () => request<IncidentPage>('GET', '/api/v1/incidents?status=open&limit=200'),

  units: (kind?: string) =>
    request<{ units: UnitSummary[] }>(
      'GET',
      `/api/v1/units${kind ? `?kind=${encodeURIComponent(kind)}` : ''}`,
    ),

  coverage: () => request<CoverageReport>('GET', '/api/v1/coverage'),

  types: () => request<{ types: IncidentTypeRef[] }>('GET', '/api/v1/reference/types'),
  capabilities: () =>
    request<{ capabilities: { code: string; nameZh: string }[] }>('GET', '/api/v1/reference/capabilities'),

  hazardPoints: () => request<{ items: HazardPoint[] }>('GET', '/api/v1/hazard-points'),

  activeWarnings: () => request<{ items: WarningSummary[] }>('GET', '/api/v1/warnings?active=true'),

  myWarningTasks: () => request<{ items: WarningTask[] }>('GET', '/api/v1/warnings/tasks/mine'),

  moveWarningTask: (taskId: string, move: 'acknowledge' | 'complete') =>
    request<WarningTask>('POST', `/api/v1/warnings/tasks/${encodeURIComponent(taskId)}/${move}`),
};

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

export interface ReportBody {
  text: string;
  casualties?: { deaths: number; missing: number; seriousInjuries: number; trapped: number };
  economicLossCny?: number;
}
