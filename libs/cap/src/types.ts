/**
 * The shape of a parsed OASIS CAP (Common Alerting Protocol) alert, element for element as in CAP 1.2
 * (OASIS Standard, 1 July 2010, section 3.2): names in camelCase as in the spec, repeated elements as
 * plural arrays (`info` → `infos`, `category` → `categories`, `polygon` → `polygons`, ...).
 *
 * Optional text elements are `undefined` when absent and `''` when present but empty (`<note/>`).
 */

/** Which standard the alert follows: from the namespace URI of `<alert>`, or the mainland profile when it has none. */
export type CapVersion = '1.2' | '1.1' | '1.0' | 'profile-cn';

/**
 * Namespace URIs that identify each CAP version. CAP 1.0's schema used `http://www.incident.com/cap/1.0`;
 * the OASIS-style URN is accepted as well.
 */
export const CAP_NAMESPACES: Readonly<Record<string, Exclude<CapVersion, 'profile-cn'>>> = {
  'urn:oasis:names:tc:emergency:cap:1.2': '1.2',
  'urn:oasis:names:tc:emergency:cap:1.1': '1.1',
  'urn:oasis:names:tc:emergency:cap:1.0': '1.0',
  'http://www.incident.com/cap/1.0': '1.0',
};

export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export type CapStatus = (typeof CAP_STATUSES)[number];

export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export type CapMsgType = (typeof CAP_MSG_TYPES)[number];

export const CAP_SCOPES = ['Public', 'Restricted', 'Private'] as const;
export type CapScope = (typeof CAP_SCOPES)[number];

export const CAP_CATEGORIES = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const;
export type CapCategory = (typeof CAP_CATEGORIES)[number];

export const CAP_RESPONSE_TYPES = [
  'Shelter',
  'Evacuate',
  'Prepare',
  'Execute',
  'Avoid',
  'Monitor',
  'Assess',
  'AllClear',
  'None',
] as const;
export type CapResponseType = (typeof CAP_RESPONSE_TYPES)[number];

export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export type CapUrgency = (typeof CAP_URGENCIES)[number];

export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export type CapSeverity = (typeof CAP_SEVERITIES)[number];

export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;
export type CapCertainty = (typeof CAP_CERTAINTIES)[number];

/** Mainland China warning colours (预警颜色) and the matching response levels (红 I … 蓝 IV). */
export type CapWarningColour = 'red' | 'orange' | 'yellow' | 'blue';
export type CapWarningLevel = 'I' | 'II' | 'III' | 'IV';

/** A CAP dateTime: the text exactly as sent, and the instant it names. */
export interface CapDateTime {
  /** The element's text, e.g. `2002-05-24T16:49:00-07:00`. */
  value: string;
  /** The instant (UTC-based `Date`). */
  date: Date;
  /** The sender's UTC offset in minutes (`-07:00` → -420; `-00:00`, `+00:00` and `Z` → 0). */
  offsetMinutes: number;
  /** True when the sender used the `Z` designator, which CAP 1.2 forbids (accepted, and warned about). */
  zulu: boolean;
}

/** `valueName`/`value` pairs: eventCode, parameter, geocode. */
export interface CapValuePair {
  valueName: string;
  value: string;
}

/** One entry of `<references>`: `sender,identifier,sent`. */
export interface CapReference {
  sender: string;
  identifier: string;
  /** The `sent` text as written. */
  sent: string;
  /** The parsed `sent`, when it is a valid CAP dateTime. */
  sentDate?: Date;
}

export interface CapPoint {
  lat: number;
  lon: number;
}

export interface CapCircle {
  center: CapPoint;
  radiusKm: number;
}

export interface CapResource {
  resourceDesc: string;
  /** Required in CAP 1.2, optional in 1.1. */
  mimeType?: string;
  /** Approximate size in bytes. */
  size?: number;
  uri?: string;
  /** Base-64 content of the resource, as sent. */
  derefUri?: string;
  /** SHA-1 hash of the resource, as sent. */
  digest?: string;
}

export interface CapArea {
  areaDesc: string;
  /** Each polygon as a closed ring (first point equals last point), at least 4 points. */
  polygons: CapPoint[][];
  circles: CapCircle[];
  geocodes: CapValuePair[];
  /** Feet above mean sea level. */
  altitude?: number;
  /** Feet above mean sea level; only with `altitude`. */
  ceiling?: number;
}

export interface CapInfo {
  /** RFC 3066 language tag; `en-US` when the element is absent (CAP default). */
  language: string;
  /** False when `<language>` was absent and `language` holds the default. */
  languageDeclared: boolean;
  categories: CapCategory[];
  event: string;
  /** National platform: the warning type code (`<eventType>`, e.g. 11B03), beside or instead of `<event>`. */
  eventType?: string;
  responseTypes: CapResponseType[];
  urgency: CapUrgency;
  /** For a mainland-profile colour severity, the mapped CAP value (红色 → Extreme … 蓝色 → Minor). */
  severity: CapSeverity;
  certainty: CapCertainty;
  audience?: string;
  eventCodes: CapValuePair[];
  effective?: CapDateTime;
  onset?: CapDateTime;
  expires?: CapDateTime;
  senderName?: string;
  headline?: string;
  description?: string;
  instruction?: string;
  web?: string;
  contact?: string;
  parameters: CapValuePair[];
  resources: CapResource[];
  areas: CapArea[];
  /** Mainland profile only: the colour given as `<severity>` (红色/橙色/黄色/蓝色 or Red/Orange/Yellow/Blue). */
  warningColour?: CapWarningColour;
  /** Mainland profile only: the response level for `warningColour` (red I, orange II, yellow III, blue IV). */
  warningLevel?: CapWarningLevel;
}

/** Something accepted but worth knowing (a leniency, an ignored element). */
export interface CapWarning {
  message: string;
  line?: number;
  column?: number;
  pointer?: string;
}

export interface CapAlert {
  capVersion: CapVersion;
  /** Namespace URI of `<alert>`; `''` for the mainland profile (no namespace). */
  namespace: string;
  identifier: string;
  sender: string;
  /** True when the national platform's forms were read (no namespace, or its own elements present). */
  nationalProfile?: boolean;
  /** National platform: the sending organisation's code (`<senderCode>`). */
  senderCode?: string;
  /** `<sent>`, or the national platform's `<sendTime>` when it stands in its place. */
  sent: CapDateTime;
  status: CapStatus;
  msgType: CapMsgType;
  source?: string;
  scope: CapScope;
  restriction?: string;
  /** Raw `<addresses>` text. */
  addresses?: string;
  /** `addresses` split on whitespace, double-quoted entries kept whole (quotes removed). */
  addressList: string[];
  codes: string[];
  note?: string;
  /** Raw `<references>` text. */
  references?: string;
  /** `references` parsed into `sender,identifier,sent` triples. */
  referenceList: CapReference[];
  /** Raw `<incidents>` text. */
  incidents?: string;
  /** `incidents` split like `addresses`. */
  incidentList: string[];
  /** In document order; empty when the alert has no `<info>` (e.g. a Cancel). */
  infos: CapInfo[];
  warnings: CapWarning[];
}

export interface CapError {
  message: string;
  line?: number;
  column?: number;
  /** Where in the alert, e.g. `/alert/0/info/1/urgency` or `/alert/0/info/0/area/0/polygon/1`. */
  pointer?: string;
  /** Index of the alert in the document (0 for a single alert; in envelope order otherwise). */
  alertIndex?: number;
}

export type CapEnvelope = 'none' | 'edxl-de' | 'wrapper';

export type CapParseResult =
  | { ok: true; alerts: CapAlert[]; envelope: CapEnvelope }
  /** `tooComplex`: refused by a bound on size or element counts (CapLimits), before parsing it whole. */
  | { ok: false; errors: CapError[]; tooComplex?: boolean };

/**
 * Bounds on what one document may hold, so that the worst accepted document parses in bounded time and
 * memory: element counts over the whole document, by local name, and coordinate pairs.
 */
export interface CapLimits {
  elements: number;
  /** Most elements of each local name (alert, info, area, polygon, circle, geocode, parameter, resource…). */
  perName: Readonly<Record<string, number>>;
  pointsPerPolygon: number;
  points: number;
}

export interface CapParseOptions {
  /** Largest accepted input in bytes (UTF-8 length for strings). Default 1 MiB. */
  maxBytes?: number;
  /** Element and coordinate bounds; default DEFAULT_CAP_LIMITS. */
  limits?: CapLimits;
  /**
   * Dates the receiver accepts: every dateTime from `earliest` on, and `<sent>` (a past fact) up to
   * `latestSent`; effective, onset and expires may lie far ahead. Unset: any valid dateTime.
   */
  dates?: { earliest: Date; latestSent: Date };
}
