/**
 * @erp/cap — OASIS CAP (Common Alerting Protocol) 1.2 parsing and validation, plain TypeScript.
 * Also reads CAP 1.1 and 1.0, EDXL-DE envelopes, wrapper elements holding several alerts, and the
 * mainland China national warning platform profile (no namespace, colour severities).
 */
export { parseCapDocument, DEFAULT_MAX_BYTES } from './parse-cap';
export { pickInfo, capStatusEffect, capMsgTypeEffect } from './helpers';
export type { CapStatusEffect, CapMsgTypeEffect } from './helpers';
export {
  adminCodesOf,
  ADMIN_CODE_VALUE_NAME,
  eventNameOf,
  isChineseAdminCode,
  warningColourOf,
  PROFILE_CN_SEVERITY_COLOURS,
} from './profile-cn';
export { parseCapDateTime } from './datetime';
export { DEFAULT_CAP_LIMITS } from './limits';
export type { CapDateTimeResult } from './datetime';
export * from './types';
