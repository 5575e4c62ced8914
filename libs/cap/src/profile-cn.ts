import { CapInfo, CapSeverity, CapWarningColour, CapWarningLevel } from './types';

/**
 * The mainland China national warning platform profile (国家预警信息发布中心): CAP elements without a
 * namespace, `<severity>` given as the warning colour, Chinese administrative division codes as geocodes.
 */

interface ColourMeaning {
  colour: CapWarningColour;
  level: CapWarningLevel;
  severity: CapSeverity;
}

const RED: ColourMeaning = { colour: 'red', level: 'I', severity: 'Extreme' };
const ORANGE: ColourMeaning = { colour: 'orange', level: 'II', severity: 'Severe' };
const YELLOW: ColourMeaning = { colour: 'yellow', level: 'III', severity: 'Moderate' };
const BLUE: ColourMeaning = { colour: 'blue', level: 'IV', severity: 'Minor' };

const COLOURS: Readonly<Record<string, ColourMeaning>> = {
  红色: RED,
  橙色: ORANGE,
  黄色: YELLOW,
  蓝色: BLUE,
  red: RED,
  orange: ORANGE,
  yellow: YELLOW,
  blue: BLUE,
};

/** The colour names accepted as `<severity>` in the mainland profile. */
export const PROFILE_CN_SEVERITY_COLOURS = [
  '红色',
  '橙色',
  '黄色',
  '蓝色',
  'Red',
  'Orange',
  'Yellow',
  'Blue',
] as const;

/** 红色/橙色/黄色/蓝色 or Red/Orange/Yellow/Blue (any letter case) → colour, level and CAP severity. */
export function warningColourOf(severityText: string): ColourMeaning | undefined {
  const key = severityText.trim();
  return Object.prototype.hasOwnProperty.call(COLOURS, key)
    ? COLOURS[key]
    : Object.prototype.hasOwnProperty.call(COLOURS, key.toLowerCase())
      ? COLOURS[key.toLowerCase()]
      : undefined;
}

/** Province-level prefixes of GB/T 2260 codes (mainland 11–65, plus 71 Taiwan, 81 Hong Kong, 82 Macao). */
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
]); // prettier-ignore

/**
 * Is this a Chinese administrative division code: 6 digits (county, GB/T 2260, e.g. 511902 巴州区),
 * 9 digits (township) or 12 digits (statistical division code, e.g. 511902000000), starting with a
 * province prefix? The prefix check keeps e.g. US SAME/FIPS codes (006109) out.
 */
export function isChineseAdminCode(value: string): boolean {
  return /^(?:\d{6}|\d{9}|\d{12})$/.test(value) && PROVINCE_PREFIXES.has(value.slice(0, 2));
}

/**
 * The administrative division codes among the info's geocodes (all areas, any `valueName`), in document
 * order, without repeats.
 */
export function adminCodesOf(info: Pick<CapInfo, 'areas'>): string[] {
  const codes: string[] = [];
  for (const area of info.areas) {
    for (const geocode of area.geocodes) {
      const value = geocode.value.trim();
      if (isChineseAdminCode(value) && !codes.includes(value)) codes.push(value);
    }
  }
  return codes;
}

/** The valueName given to a bare administrative division code read from `<geocode>` text. */
export const ADMIN_CODE_VALUE_NAME = '行政区划代码';

/**
 * Warning type codes of the national platform's `<eventType>` as they appear in published feeds (11B
 * meteorological). Not checked against the classification standard's text: an unknown code is kept as
 * the event's name, never refused.
 */
const EVENT_TYPE_NAMES: Readonly<Record<string, string>> = {
  '11B01': '台风',
  '11B03': '暴雨',
  '11B04': '暴雪',
  '11B05': '寒潮',
  '11B06': '大风',
  '11B07': '沙尘暴',
  '11B09': '高温',
  '11B14': '雷电',
  '11B15': '冰雹',
  '11B17': '大雾',
};

/** The event named by an eventType code, or the code itself when it is not one we know. */
export function eventNameOf(eventType: string): string {
  return Object.prototype.hasOwnProperty.call(EVENT_TYPE_NAMES, eventType)
    ? EVENT_TYPE_NAMES[eventType]
    : eventType;
}
