import { adminCodesOf, CapAlert, CapInfo, capMsgTypeEffect, capStatusEffect, pickInfo } from '@erp/cap';
import { AlarmReport, District, GeoPoint } from '@erp/domain';

/**
 * One CAP alert as an alarm report (plain rules, no I/O). What the alert does decides what the alarm is:
 * - status Actual → dispatched; Exercise → an exercise incident (演练); Test, Draft, System → kept, never dispatched;
 * - msgType Alert → a new alarm; Update → amends the alarm its `references` name; Cancel → cancels it;
 *   Ack and Error → kept, never dispatched;
 * - place: a Chinese admin-code geocode of a township wins; a code covering the whole district (the
 *   district, the city, the province) places it at the district seat; else the first polygon's centre or
 *   circle's centre; a place outside the district is kept and not dispatched (Alarm.receive decides).
 */
export interface CapAlarm {
  report: AlarmReport;
  /** Set for Update / Cancel: which earlier alert (by identifier) this one amends or cancels. */
  relation: { kind: 'amends' | 'cancels'; identifiers: string[] } | null;
}

const KEYWORD_TYPES: [RegExp, string][] = [
  [/森林|草原|山火|forest|bush ?fire|wild ?fire|grass ?fire/i, 'forest_fire'],
  [/地震|earthquake|seismic/i, 'earthquake'],
  [/滑坡|泥石流|崩塌|地面塌陷|地质|landslide|mudslide|debris flow|rock ?fall/i, 'landslide'],
  [/洪|汛|内涝|暴雨|水库|泄洪|山洪|flood|reservoir|dam |heavy rain|tsunami/i, 'flood'],
  [/危化|化学|泄漏|hazmat|chemical|toxic/i, 'hazmat_leak'],
  [/燃气|天然气|gas leak/i, 'gas_leak'],
  [/火灾|火警|fire/i, 'fire'],
  [/疫情|传染|epidemic|outbreak|disease/i, 'epidemic'],
  [/食物中毒|food poisoning/i, 'food_poisoning'],
  [/交通|车祸|traffic|road closure|crash/i, 'traffic_accident'],
  [/倒塌|collapse/i, 'building_collapse'],
  [/溺水|drown/i, 'drowning'],
  [
    /大风|暴雪|寒潮|冰雹|雷电|高温|干旱|大雾|霜冻|台风|wind|snow|blizzard|storm|thunder|hail|heat|drought|fog|cold|cyclone|typhoon|hurricane/i,
    'severe_weather',
  ],
];

const CATEGORY_TYPES: Record<string, string> = {
  Fire: 'fire',
  Geo: 'landslide',
  Met: 'severe_weather',
  Health: 'epidemic',
  Env: 'hazmat_leak',
  CBRNE: 'hazmat_leak',
  Transport: 'traffic_accident',
  Infra: 'building_collapse',
  Security: 'public_security',
  Safety: 'public_security',
};

export function incidentTypeOf(info: CapInfo): string | null {
  const text = `${info.event} ${info.headline ?? ''}`;
  for (const [pattern, type] of KEYWORD_TYPES) if (pattern.test(text)) return type;
  for (const category of info.categories) if (CATEGORY_TYPES[category]) return CATEGORY_TYPES[category];
  return null;
}

type Place = { townshipCode: string } | { location: GeoPoint } | null;

export function placeOf(alert: CapAlert, district: District): Place {
  const codes = alert.infos.flatMap((i) => adminCodesOf(i));
  for (const code of codes) {
    if (code.length >= 9 && district.owns(code.slice(0, 9)) && district.township(code.slice(0, 9))) {
      return { townshipCode: code.slice(0, 9) };
    }
  }
  if (codes.some((c) => district.isCoveredBy(c))) return { location: district.commandRoomPosition };
  for (const area of alert.infos.flatMap((i) => i.areas)) {
    const ring = area.polygons[0];
    if (ring?.length) {
      const points = ring.slice(0, -1);
      return {
        location: {
          lat: points.reduce((s, p) => s + p.lat, 0) / points.length,
          lon: points.reduce((s, p) => s + p.lon, 0) / points.length,
        },
      };
    }
    if (area.circles[0]) return { location: area.circles[0].center };
  }
  // Only codes of other places: outside the district (Alarm.receive records why).
  if (codes.length) return { townshipCode: codes[0].padEnd(9, '0').slice(0, 9) };
  return null;
}

export function capToAlarm(alert: CapAlert, source: string, district: District): CapAlarm {
  const info = pickInfo(alert);
  const status = capStatusEffect(alert);
  const msg = capMsgTypeEffect(alert);
  const type = info ? incidentTypeOf(info) : null;
  const place = placeOf(alert, district);
  let notDispatchedReason: string | undefined;
  if (status === 'acknowledge-only')
    notDispatchedReason = `CAP status ${alert.status}：已接收，不派发 (acknowledged, not dispatched)`;
  else if (msg === 'ignore') notDispatchedReason = `CAP msgType ${alert.msgType}：不派发 (not dispatched)`;
  else if (!type && msg === 'new')
    notDispatchedReason = `CAP 事件 “${info?.event ?? '-'}” 无对应事件类型 (no incident type)`;
  else if (!place && msg === 'new') notDispatchedReason = 'CAP 预警无区域 (no area)';
  const description =
    [info?.headline, info?.description].filter(Boolean).join('\n').slice(0, 4000) ||
    alert.note?.slice(0, 4000) ||
    `CAP ${alert.msgType} ${alert.identifier}`;
  const references = alert.referenceList.map((r) => r.identifier);
  return {
    report: {
      source,
      externalId: alert.identifier,
      type: type ?? `cap:${info?.categories[0] ?? 'none'}`,
      // When it was issued: onset may lie in the future (a forecast warning).
      occurredAt: alert.sent.date,
      ...(place ?? {}),
      description,
      exercise: status === 'exercise',
      reporter: { name: info?.senderName ?? alert.sender, role: 'CAP' },
      notDispatchedReason,
      cap: JSON.parse(JSON.stringify(alert)) as object,
    },
    relation:
      (msg === 'amend' || msg === 'cancel') && references.length
        ? { kind: msg === 'amend' ? 'amends' : 'cancels', identifiers: references }
        : null,
  };
}
