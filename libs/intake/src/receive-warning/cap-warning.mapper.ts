import { adminCodesOf, CapAlert, CapInfo, CapSeverity, pickInfo } from '@erp/cap';
import {
  District,
  WarningArea,
  warningAreaOf,
  WarningColour,
  WarningHazardType,
  warningHazardTypeOf,
} from '@erp/domain';

/**
 * A CAP alert read as a warning (预警), plain rules: an Actual alert whose chosen info is a forecast or
 * warning — a colour severity (the national platform's warning signals), or an event or headline that says
 * warning / watch / 预警 and is not an observation — over an area of this district. Anything else stays an
 * alarm. Update and Cancel of a warning already open are decided by the caller from their references.
 */
export interface CapWarning {
  event: string;
  hazardType: WarningHazardType;
  colour: WarningColour | null;
  headline: string | null;
  area: WarningArea;
  effectiveAt: Date;
  expiresAt: Date | null;
}

/** The national standard's colours by CAP severity (as profile-cn maps them the other way). */
const COLOUR_OF_SEVERITY: Partial<Record<CapSeverity, WarningColour>> = {
  Extreme: 'red',
  Severe: 'orange',
  Moderate: 'yellow',
  Minor: 'blue',
};

const WARNING_WORDS = /预警|警报|warning|watch|advisory|forecast/i;

export function isForecastOrWarning(info: CapInfo): boolean {
  if (info.warningColour) return true;
  if (info.certainty === 'Observed') return false;
  return WARNING_WORDS.test(`${info.event} ${info.headline ?? ''}`);
}

export function capWarningOf(alert: CapAlert, district: District): CapWarning | null {
  if (alert.status !== 'Actual') return null;
  const info = pickInfo(alert);
  if (!info || !isForecastOrWarning(info)) return null;
  const area = warningAreaOf(
    {
      description: info.areas.map((a) => a.areaDesc).join('、'),
      adminCodes: alert.infos.flatMap((i) => adminCodesOf(i)),
      polygons: info.areas.flatMap((a) => a.polygons),
      circles: info.areas.flatMap((a) => a.circles),
    },
    district,
  );
  if (!area) return null;
  return {
    event: info.event,
    hazardType: warningHazardTypeOf(info.event, info.eventType),
    colour: info.warningColour ?? COLOUR_OF_SEVERITY[info.severity] ?? null,
    headline: info.headline ?? null,
    area,
    effectiveAt: (info.effective ?? info.onset ?? alert.sent).date,
    expiresAt: info.expires?.date ?? null,
  };
}
