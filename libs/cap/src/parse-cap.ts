import { parseCapDateTime } from './datetime';
import { decodeXmlBytes } from './decode';
import { parseCircle, parsePolygon } from './geo';
import { DEFAULT_CAP_LIMITS, exceededLimits } from './limits';
import { ADMIN_CODE_VALUE_NAME, eventNameOf, isChineseAdminCode, warningColourOf } from './profile-cn';
import {
  CAP_CATEGORIES,
  CAP_CERTAINTIES,
  CAP_MSG_TYPES,
  CAP_NAMESPACES,
  CAP_RESPONSE_TYPES,
  CAP_SCOPES,
  CAP_SEVERITIES,
  CAP_STATUSES,
  CAP_URGENCIES,
  CapAlert,
  CapArea,
  CapCategory,
  CapCircle,
  CapDateTime,
  CapEnvelope,
  CapError,
  CapInfo,
  CapParseOptions,
  CapParseResult,
  CapPoint,
  CapReference,
  CapResource,
  CapResponseType,
  CapValuePair,
  CapVersion,
} from './types';
import {
  AlertContext,
  Children,
  dateTimeOf,
  enumerationOf,
  Located,
  outsideDates,
  textOf,
  XML_SPACE,
} from './alert-reading';
import { LineIndex, parseXml, XmlElement } from './xml';

/** Default `maxBytes`: 1 MiB. */
export const DEFAULT_MAX_BYTES = 1024 * 1024;

const ALERT_ELEMENTS = [
  'identifier',
  'sender',
  'sent',
  'status',
  'msgType',
  'source',
  'scope',
  'restriction',
  'addresses',
  'code',
  'note',
  'references',
  'incidents',
  'info',
  'password', // CAP 1.0 only, deprecated in 1.1
  // The national warning release platform (国家预警信息发布中心) as it publishes:
  'senderCode',
  'sendTime',
];
const INFO_ELEMENTS = [
  'language',
  'category',
  'event',
  'responseType',
  'urgency',
  'severity',
  'certainty',
  'audience',
  'eventCode',
  'effective',
  'onset',
  'expires',
  'senderName',
  'headline',
  'description',
  'instruction',
  'web',
  'contact',
  'parameter',
  'resource',
  'area',
  'eventType', // national platform: the warning type code (e.g. 11B03 暴雨)
];
const RESOURCE_ELEMENTS = ['resourceDesc', 'mimeType', 'size', 'uri', 'derefUri', 'digest'];
const AREA_ELEMENTS = ['areaDesc', 'polygon', 'circle', 'geocode', 'altitude', 'ceiling'];
const PAIR_ELEMENTS = ['valueName', 'value'];
/** Elements CAP uses to say "this is an alert": one of them makes a namespace-less <alert> count as CAP. */
const CAP_MARKERS = new Set(['identifier', 'sender', 'sent', 'status', 'msgType', 'scope', 'info']);

/**
 * Parses a CAP document: a bare `<alert>` (CAP 1.2, 1.1, 1.0, or the namespace-less mainland profile),
 * an EDXL-DE distribution carrying alerts, or any wrapper element whose children are alerts. Every
 * problem in every alert is reported; a document with any error returns `ok: false`.
 */
export function parseCapDocument(input: Buffer | string, options: CapParseOptions = {}): CapParseResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isFinite(maxBytes) || maxBytes <= 0) {
    throw new RangeError(`maxBytes must be a positive number, got ${maxBytes}`);
  }
  const tooLarge = (size: number): CapParseResult => ({
    ok: false,
    errors: [{ message: `the document is ${size} bytes, more than the ${maxBytes} bytes allowed` }],
    tooComplex: true,
  });

  let text: string;
  if (typeof input === 'string') {
    if (input.length > maxBytes) return tooLarge(Buffer.byteLength(input, 'utf8'));
    const size = Buffer.byteLength(input, 'utf8');
    if (size > maxBytes) return tooLarge(size);
    text = input;
  } else if (input instanceof Uint8Array) {
    if (input.byteLength > maxBytes) return tooLarge(input.byteLength);
    const decoded = decodeXmlBytes(input);
    if (!decoded.ok) return { ok: false, errors: [{ message: decoded.message }] };
    text = decoded.text;
  } else {
    return { ok: false, errors: [{ message: 'the input must be a Buffer or a string' }] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const exceeded = exceededLimits(text, options.limits ?? DEFAULT_CAP_LIMITS);
  if (exceeded.length) return { ok: false, errors: exceeded, tooComplex: true };

  const xml = parseXml(text);
  if (!xml.ok) return { ok: false, errors: xml.errors };

  const lines = new LineIndex(text);
  const found = findAlerts(xml.root);
  if (!found.ok) {
    return { ok: false, errors: [{ message: found.message, ...lines.locate(xml.root.start) }] };
  }

  const errors: CapError[] = [];
  const alerts: CapAlert[] = [];
  found.alerts.forEach((element, index) => {
    const alert = readAlert(element, index, lines, errors, options.dates);
    if (alert) alerts.push(alert);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, alerts, envelope: found.envelope };
}

type FoundAlerts = { ok: true; alerts: XmlElement[]; envelope: CapEnvelope } | { ok: false; message: string };

function findAlerts(root: XmlElement): FoundAlerts {
  if (root.local === 'alert') return { ok: true, alerts: [root], envelope: 'none' };
  const childrenNamed = (parent: XmlElement, local: string) =>
    parent.children.filter((c) => c.local === local);
  if (root.local === 'EDXLDistribution') {
    const alerts = childrenNamed(root, 'contentObject')
      .flatMap((content) => childrenNamed(content, 'xmlContent'))
      .flatMap((xmlContent) => childrenNamed(xmlContent, 'embeddedXMLContent'))
      .flatMap((embedded) => childrenNamed(embedded, 'alert'));
    return alerts.length > 0
      ? { ok: true, alerts, envelope: 'edxl-de' }
      : {
          ok: false,
          message:
            'the EDXL-DE distribution carries no CAP alert (contentObject/xmlContent/embeddedXMLContent/alert)',
        };
  }
  const alerts = childrenNamed(root, 'alert');
  return alerts.length > 0
    ? { ok: true, alerts, envelope: 'wrapper' }
    : {
        ok: false,
        message: `the root element <${root.qname}> is not a CAP <alert> and holds no <alert> elements`,
      };
}

/**
 * `<sent>`, or the national platform's `<sendTime>` in its place. Given both, they must name the same
 * instant: two different send times change what the alert says about itself.
 */
function sentOf(ctx: AlertContext, c: Children, pointer: string): CapDateTime | undefined {
  const sendTime = c.one('sendTime');
  if (!sendTime) return c.dateTime('sent', 'required');
  const fromSendTime = dateTimeOf(ctx, sendTime);
  const sentElement = c.one('sent');
  if (!sentElement) return fromSendTime;
  const sent = dateTimeOf(ctx, sentElement);
  if (sent && fromSendTime && sent.date.getTime() !== fromSendTime.date.getTime()) {
    ctx.error(
      `<sent> ${sent.value} and <sendTime> ${fromSendTime.value} name different instants`,
      `${pointer}/sendTime`,
      sendTime.element,
    );
  }
  return sent;
}

/** Identifier and sender: no spaces, commas, or the restricted characters < and &. */
function checkIdentifierLike(
  ctx: AlertContext,
  children: Children,
  name: string,
  value: string | undefined,
): void {
  if (!value) return;
  const bad = /[\s,<&]/.exec(value);
  if (bad) {
    const located = children.one(name);
    if (located) {
      ctx.error(
        `<${name}> "${value}" must not contain spaces, commas, "<" or "&" (found ${JSON.stringify(bad[0])})`,
        located.pointer,
        located.element,
      );
    }
  }
}

/** Splits `addresses` / `incidents`: whitespace-delimited, multi-word entries in double quotes. */
function splitQuotedList(text: string): string[] | undefined {
  const items: string[] = [];
  const pattern = /"([^"]*)"|([^\s"]+)|(")/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    if (match[3] !== undefined) return undefined;
    items.push(match[1] ?? match[2]);
  }
  return items;
}

function versionOf(element: XmlElement): CapVersion | undefined {
  const version = CAP_NAMESPACES[element.ns];
  if (version) return version;
  if (element.ns === '' && element.children.some((child) => CAP_MARKERS.has(child.local)))
    return 'profile-cn';
  return undefined;
}

/** The national platform's own elements, whichever namespace the alert is in. */
const NATIONAL_MARKERS = new Set(['senderCode', 'sendTime', 'eventType']);

function isNational(element: XmlElement, version: CapVersion): boolean {
  if (version === 'profile-cn') return true;
  return element.children.some(
    (child) =>
      NATIONAL_MARKERS.has(child.local) ||
      (child.local === 'info' && child.children.some((grand) => NATIONAL_MARKERS.has(grand.local))),
  );
}

function readAlert(
  element: XmlElement,
  index: number,
  lines: LineIndex,
  errors: CapError[],
  dates: CapParseOptions['dates'],
): CapAlert | undefined {
  const version = versionOf(element);
  const pointer = `/alert/${index}`;
  if (!version) {
    errors.push({
      message:
        element.ns === ''
          ? `<${element.qname}> has no namespace and no CAP content`
          : `<${element.qname}> is in namespace "${element.ns}", which is not a CAP namespace (expected urn:oasis:names:tc:emergency:cap:1.2, 1.1 or 1.0)`,
      ...lines.locate(element.start),
      pointer,
      alertIndex: index,
    });
    return undefined;
  }
  const ctx = new AlertContext(
    index,
    element.ns,
    version,
    lines,
    errors,
    dates,
    isNational(element, version),
  );
  const c = new Children(ctx, element, pointer, ALERT_ELEMENTS);

  const identifier = c.text('identifier', 'required');
  checkIdentifierLike(ctx, c, 'identifier', identifier);
  const sender = c.text('sender', 'required');
  checkIdentifierLike(ctx, c, 'sender', sender);
  const senderCode = c.text('senderCode');
  const sent = sentOf(ctx, c, pointer);
  const status = c.enumeration('status', CAP_STATUSES, 'required');
  const msgType = c.enumeration('msgType', CAP_MSG_TYPES, 'required');
  const source = c.text('source');
  const scope = c.enumeration('scope', CAP_SCOPES, 'required');
  const restriction = c.text('restriction');
  const addresses = c.text('addresses');
  const codes = c.all('code').map((located) => textOf(ctx, located));
  const note = c.text('note');
  const references = c.text('references');
  const incidents = c.text('incidents');
  const password = c.one('password');
  if (password) ctx.warn('<password> (CAP 1.0, deprecated) ignored', password.pointer, password.element);

  if (scope === 'Restricted' && !restriction) {
    ctx.error(
      '<restriction> is required (and must not be empty) when <scope> is Restricted',
      `${pointer}/restriction`,
      c.one('restriction')?.element ?? c.one('scope')!.element,
    );
  }
  if (scope === 'Private' && !addresses) {
    ctx.error(
      '<addresses> is required (and must not be empty) when <scope> is Private',
      `${pointer}/addresses`,
      c.one('addresses')?.element ?? c.one('scope')!.element,
    );
  }

  const addressList = listOf(ctx, c, 'addresses', addresses);
  const incidentList = listOf(ctx, c, 'incidents', incidents);
  const referenceList = referencesOf(ctx, c, references);
  if (!references) {
    const at = c.one('references')?.element ?? c.one('msgType')?.element ?? element;
    if (msgType === 'Update' || msgType === 'Cancel') {
      ctx.error(
        `msgType ${msgType} requires <references> naming the earlier message(s) (sender,identifier,sent)`,
        `${pointer}/references`,
        at,
      );
    } else if (msgType === 'Ack' || msgType === 'Error') {
      ctx.warn(`msgType ${msgType} should reference the message(s) it answers`, `${pointer}/references`, at);
    } else if (references === '') {
      ctx.warn('empty <references>', `${pointer}/references`, at);
    }
  }

  const infos = c.all('info').map((located) => readInfo(ctx, located));

  if (ctx.errorCount > 0) return undefined;
  return {
    capVersion: version,
    namespace: element.ns,
    identifier: identifier!,
    sender: sender!,
    ...(senderCode ? { senderCode } : {}),
    ...(ctx.national ? { nationalProfile: true } : {}),
    sent: sent!,
    status: status!,
    msgType: msgType!,
    source,
    scope: scope!,
    restriction,
    addresses,
    addressList,
    codes,
    note,
    references,
    referenceList,
    incidents,
    incidentList,
    infos: infos as CapInfo[],
    warnings: ctx.warnings,
  };
}

function listOf(ctx: AlertContext, c: Children, name: string, text: string | undefined): string[] {
  if (!text) return [];
  const items = splitQuotedList(text);
  if (items) return items;
  const located = c.one(name)!;
  ctx.error(`<${name}> has an unbalanced double quote`, located.pointer, located.element);
  return [];
}

function referencesOf(ctx: AlertContext, c: Children, text: string | undefined): CapReference[] {
  if (!text) return [];
  const located = c.one('references')!;
  const list: CapReference[] = [];
  text.split(/\s+/).forEach((token, index) => {
    const parts = token.split(',');
    const problem = (message: string) => {
      const full = `<references> entry ${index + 1} "${token}" ${message}`;
      // CAP 1.0 references were bare identifiers; tolerate them there.
      if (ctx.version === '1.0') ctx.warn(full, located.pointer, located.element);
      else ctx.error(full, located.pointer, located.element);
    };
    if (parts.length !== 3 || parts.some((part) => part === '')) {
      problem('is not "sender,identifier,sent"');
      return;
    }
    const [sender, identifier, sent] = parts;
    const parsed = parseCapDateTime(sent);
    if (!parsed.ok) {
      problem(`has an invalid sent time: ${parsed.message}`);
      return;
    }
    const outside = outsideDates(ctx, parsed.value.date, false);
    if (outside) {
      problem(`has a sent time outside the accepted dates: ${outside}`);
      return;
    }
    list.push({ sender, identifier, sent, sentDate: parsed.value.date });
  });
  return list;
}

const LANGUAGE_TAG = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;

function readInfo(ctx: AlertContext, { element, pointer }: Located): CapInfo | undefined {
  const c = new Children(ctx, element, pointer, INFO_ELEMENTS);
  const before = ctx.errorCount;

  let language = c.text('language');
  const languageDeclared = language !== undefined && language !== '';
  if (language === '') {
    const located = c.one('language')!;
    ctx.warn('empty <language>; the CAP default en-US applies', located.pointer, located.element);
  } else if (language !== undefined && !LANGUAGE_TAG.test(language)) {
    const located = c.one('language')!;
    ctx.error(`<language> "${language}" is not an RFC 3066 language tag`, located.pointer, located.element);
  }
  if (!languageDeclared) language = 'en-US';

  const categoryElements = c.all('category');
  if (categoryElements.length === 0) {
    ctx.error('required element <category> is missing', `${pointer}/category`, element);
  }
  const categories = categoryElements.map((located) =>
    enumerationOf(ctx, located, 'category', CAP_CATEGORIES),
  );
  // The national platform may give only its type code (eventType); the event is then named from it.
  const eventType = c.text('eventType') || undefined;
  const event = c.text('event', eventType ? 'optional' : 'required') || (eventType && eventNameOf(eventType));
  const responseTypes = c
    .all('responseType')
    .map((located) => enumerationOf(ctx, located, 'responseType', CAP_RESPONSE_TYPES));
  const urgency = c.enumeration('urgency', CAP_URGENCIES, 'required');

  let severity: CapInfo['severity'] | undefined;
  let warningColour: CapInfo['warningColour'];
  let warningLevel: CapInfo['warningLevel'];
  const severityElement = c.one('severity', 'required');
  if (severityElement) {
    const raw = textOf(ctx, severityElement);
    const colour = ctx.national ? warningColourOf(raw) : undefined;
    if (colour) {
      severity = colour.severity;
      warningColour = colour.colour;
      warningLevel = colour.level;
    } else {
      const allowed = ctx.national
        ? [...CAP_SEVERITIES, '红色', '橙色', '黄色', '蓝色', 'Red', 'Orange', 'Yellow', 'Blue']
        : CAP_SEVERITIES;
      if ((CAP_SEVERITIES as readonly string[]).includes(raw)) severity = raw as CapInfo['severity'];
      else
        ctx.error(
          raw === ''
            ? `<severity> is empty; expected one of ${allowed.join(', ')}`
            : `<severity> "${raw}" is not one of ${allowed.join(', ')}`,
          severityElement.pointer,
          severityElement.element,
        );
    }
  }

  let certainty: CapInfo['certainty'] | undefined;
  const certaintyElement = c.one('certainty', 'required');
  if (certaintyElement) {
    if (textOf(ctx, certaintyElement) === 'Very Likely') {
      certainty = 'Likely';
      ctx.warn(
        '<certainty> "Very Likely" (CAP 1.0, deprecated) read as "Likely"',
        certaintyElement.pointer,
        certaintyElement.element,
      );
    } else {
      certainty = enumerationOf(ctx, certaintyElement, 'certainty', CAP_CERTAINTIES);
    }
  }

  const audience = c.text('audience');
  const eventCodes = c.all('eventCode').map((located) => readPair(ctx, located));
  const effective = c.dateTime('effective');
  const onset = c.dateTime('onset');
  const expires = c.dateTime('expires');
  const senderName = c.text('senderName');
  const headline = c.text('headline');
  const description = c.text('description');
  const instruction = c.text('instruction');
  const web = c.text('web');
  const contact = c.text('contact');
  const parameters = c.all('parameter').map((located) => {
    const pair = readPair(ctx, located);
    if (pair && pair.value === '') {
      ctx.warn(
        `<parameter> "${pair.valueName}" has an empty value; kept as sent`,
        located.pointer,
        located.element,
      );
    }
    return pair;
  });
  const resources = c.all('resource').map((located) => readResource(ctx, located));
  const areas = c.all('area').map((located) => readArea(ctx, located));

  if (ctx.errorCount > before) return undefined;
  const info: CapInfo = {
    language: language!,
    languageDeclared,
    categories: categories as CapCategory[],
    event: event!,
    ...(eventType ? { eventType } : {}),
    responseTypes: responseTypes as CapResponseType[],
    urgency: urgency!,
    severity: severity!,
    certainty: certainty!,
    audience,
    eventCodes: eventCodes as CapValuePair[],
    effective,
    onset,
    expires,
    senderName,
    headline,
    description,
    instruction,
    web,
    contact,
    parameters: parameters as CapValuePair[],
    resources: resources as CapResource[],
    areas: areas as CapArea[],
  };
  if (warningColour) {
    info.warningColour = warningColour;
    info.warningLevel = warningLevel;
  }
  return info;
}

/** eventCode, parameter, geocode: `<valueName>` and `<value>`, or CAP 1.0's `valueName=value` text. */
function readPair(ctx: AlertContext, located: Located): CapValuePair | undefined {
  const { element, pointer } = located;
  if (element.children.length === 0 && ctx.version === '1.0') {
    const text = element.text.replace(XML_SPACE, '');
    const equals = text.indexOf('=');
    if (equals > 0) return { valueName: text.slice(0, equals), value: text.slice(equals + 1) };
  }
  const c = new Children(ctx, element, pointer, PAIR_ELEMENTS);
  const valueName = c.text('valueName', 'present');
  const value = c.text('value', 'present');
  return valueName === undefined || value === undefined ? undefined : { valueName, value };
}

function readResource(ctx: AlertContext, { element, pointer }: Located): CapResource | undefined {
  const c = new Children(ctx, element, pointer, RESOURCE_ELEMENTS);
  const resourceDesc = c.text('resourceDesc', 'required');
  const mimeType = c.text(
    'mimeType',
    ctx.version === '1.1' || ctx.version === '1.0' ? 'optional' : 'required',
  );
  const size = c.number('size', /^\d+$/, 'a whole number of bytes');
  const uri = c.text('uri');
  const derefUri = c.text('derefUri');
  const digest = c.text('digest');
  if (resourceDesc === undefined) return undefined;
  return { resourceDesc, mimeType, size, uri, derefUri, digest };
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

function readArea(ctx: AlertContext, { element, pointer }: Located): CapArea | undefined {
  const c = new Children(ctx, element, pointer, AREA_ELEMENTS);
  const areaDesc = c.text('areaDesc', 'required');
  const polygons: CapPoint[][] = [];
  for (const located of c.all('polygon')) {
    if (isEmptyGeometry(ctx, located)) continue;
    const parsed = parsePolygon(textOf(ctx, located));
    if (parsed.ok) polygons.push(parsed.value);
    else for (const message of parsed.messages) ctx.error(message, located.pointer, located.element);
  }
  const circles: CapCircle[] = [];
  for (const located of c.all('circle')) {
    if (isEmptyGeometry(ctx, located)) continue;
    const parsed = parseCircle(textOf(ctx, located));
    if (parsed.ok) circles.push(parsed.value);
    else for (const message of parsed.messages) ctx.error(message, located.pointer, located.element);
  }
  const geocodes = c.all('geocode').map((located) => readGeocode(ctx, located));
  const altitude = c.number('altitude', DECIMAL, 'a number (feet)');
  const ceiling = c.number('ceiling', DECIMAL, 'a number (feet)');
  if (c.one('ceiling') && !c.one('altitude')) {
    const located = c.one('ceiling')!;
    ctx.error('<ceiling> may only be used together with <altitude>', located.pointer, located.element);
  }
  if (areaDesc === undefined) return undefined;
  return { areaDesc, polygons, circles, geocodes: geocodes as CapValuePair[], altitude, ceiling };
}

/**
 * An empty `<polygon>` or `<circle>` (NWS CAP 1.1 feeds publish `<polygon></polygon>` for zone-based
 * alerts) says nothing about the area: a warning, and the element is skipped.
 */
function isEmptyGeometry(ctx: AlertContext, located: Located): boolean {
  const { element, pointer } = located;
  if (element.children.length > 0 || element.text.replace(XML_SPACE, '') !== '') return false;
  ctx.warn(`empty <${element.local}> ignored; the area keeps its other elements`, pointer, element);
  return true;
}

/**
 * A geocode pair, or the national platform's bare administrative division code as the element's text
 * (`<geocode>511902</geocode>`), read as a pair named ADMIN_CODE_VALUE_NAME.
 */
function readGeocode(ctx: AlertContext, located: Located): CapValuePair | undefined {
  const { element } = located;
  if (element.children.length === 0) {
    const text = element.text.replace(XML_SPACE, '');
    if (isChineseAdminCode(text)) return { valueName: ADMIN_CODE_VALUE_NAME, value: text };
  }
  return readPair(ctx, located);
}
