import districtData from '../../../../libs/domain/src/district/bazhou-district.json';
import hazardData from '../../../../libs/domain/src/hazard/bazhou-hazard-points.json';
import { api } from './api/endpoints';
import type { GeoPoint, IncidentTypeRef, UnitSummary } from './api/types';
import { language } from './i18n/i18n';

/**
 * Reference data the console shows beside what the API answers. The townships' approximate positions
 * and the hazard register have no route yet, so the build takes them from the same files the server
 * seeds from (libs/domain); incident types and units come from the API, once per session.
 */
export interface Township {
  code: string;
  name: string;
  position: GeoPoint;
}

export const TOWNSHIPS: readonly Township[] = districtData.townships.map((t) => ({
  code: t.code,
  name: t.name,
  position: { lat: t.approxLat, lon: t.approxLon },
}));

const townshipByCode = new Map(TOWNSHIPS.map((t) => [t.code, t]));

export function township(code: string): Township | undefined {
  return townshipByCode.get(code);
}

export function townshipName(code: string): string {
  return townshipByCode.get(code)?.name ?? code;
}

export interface HazardPoint {
  id: string;
  name: string;
  kind: string;
  townshipCode: string;
  riskGrade: string;
  position: GeoPoint;
}

export const HAZARD_POINTS: readonly HazardPoint[] = hazardData.points.map((p) => ({
  id: p.id,
  name: p.name,
  kind: p.kind,
  townshipCode: p.townshipCode,
  riskGrade: p.riskGrade,
  position: { lat: p.approxLat, lon: p.approxLon },
}));

let types: Promise<Map<string, IncidentTypeRef>> | null = null;
let units: Promise<Map<string, UnitSummary>> | null = null;
let capabilities: Promise<Map<string, string>> | null = null;

/** Incident types by code (GET /api/v1/reference/types), asked once. */
export function incidentTypes(): Promise<Map<string, IncidentTypeRef>> {
  types ??= api.types().then((r) => new Map(r.types.map((t) => [t.code, t])));
  types.catch(() => (types = null));
  return types;
}

/** Capabilities' Chinese names by code (GET /api/v1/reference/capabilities), asked once. */
export function capabilityNames(): Promise<Map<string, string>> {
  capabilities ??= api.capabilities().then((r) => new Map(r.capabilities.map((c) => [c.code, c.nameZh])));
  capabilities.catch(() => (capabilities = null));
  return capabilities;
}

/** A capability for people: Chinese from the API, the code in English. */
export function capabilityName(code: string, known: Map<string, string> | undefined): string {
  if (language() === 'en') return code.replace(/_/g, ' ');
  return known?.get(code) ?? code;
}

/** Every unit by id (GET /api/v1/units), asked once per session. */
export function unitsById(): Promise<Map<string, UnitSummary>> {
  units ??= api.units().then((r) => new Map(r.units.map((u) => [u.id, u])));
  units.catch(() => (units = null));
  return units;
}

/** Forget what the last user's session loaded. */
export function forgetReference(): void {
  units = null;
}

/** A type's name for people: Chinese from the API, the code in English. */
export function typeName(code: string, known: Map<string, IncidentTypeRef> | undefined): string {
  if (language() === 'en') return code.replace(/_/g, ' ');
  return known?.get(code)?.nameZh ?? code;
}
