import { capMsgTypeEffect, capStatusEffect } from './helpers';
import { parseCapDocument } from './parse-cap';
import { alertXml, areaXml, CAP11, infoXml, parseErrors, parseOk } from './test-support';
import { CAP_MSG_TYPES, CAP_STATUSES } from './types';

const REF = 'test@example.org,TEST-0000,2024-07-02T06:00:00+08:00';
const pointers = (xml: string) => parseErrors(xml).map((error) => error.pointer);

describe('alert block', () => {
  it.each(CAP_STATUSES.map((status) => [status]))('status %s', (status) => {
    const [alert] = parseOk(alertXml({ fields: { status } }));
    expect(alert.status).toBe(status);
    expect(capStatusEffect(alert)).toBe(
      {
        Actual: 'dispatch',
        Exercise: 'exercise',
        System: 'acknowledge-only',
        Test: 'acknowledge-only',
        Draft: 'acknowledge-only',
      }[status],
    );
  });

  it.each(CAP_MSG_TYPES.map((msgType) => [msgType]))('msgType %s', (msgType) => {
    const [alert] = parseOk(
      alertXml({ fields: { msgType, references: msgType === 'Alert' ? undefined : REF } }),
    );
    expect(alert.msgType).toBe(msgType);
    expect(capMsgTypeEffect(alert)).toBe(
      { Alert: 'new', Update: 'amend', Cancel: 'cancel', Ack: 'ignore', Error: 'ignore' }[msgType],
    );
  });

  it('enumerations are case-sensitive and checked', () => {
    const errors = parseErrors(
      alertXml({ fields: { status: 'actual', msgType: 'Notice', scope: 'Everyone' } }),
    );
    expect(errors.map((e) => e.pointer)).toEqual(['/alert/0/status', '/alert/0/msgType', '/alert/0/scope']);
    expect(errors[0].message).toBe('<status> "actual" is not one of Actual, Exercise, System, Test, Draft');
  });

  it('collects every missing required element, with the alert position', () => {
    const xml = alertXml({
      fields: {
        identifier: undefined,
        sender: undefined,
        sent: undefined,
        status: undefined,
        msgType: undefined,
        scope: undefined,
      },
    });
    const errors = parseErrors(xml);
    expect(errors.map((e) => e.pointer)).toEqual([
      '/alert/0/identifier',
      '/alert/0/sender',
      '/alert/0/sent',
      '/alert/0/status',
      '/alert/0/msgType',
      '/alert/0/scope',
    ]);
    for (const error of errors) expect(error).toMatchObject({ alertIndex: 0, line: 2, column: 1 });
  });

  it('a required element present but empty is an error', () => {
    expect(parseErrors(alertXml({ fields: { identifier: '' } }))).toEqual([
      expect.objectContaining({
        pointer: '/alert/0/identifier',
        message: 'required element <identifier> is empty',
      }),
    ]);
  });

  it('identifier and sender must not contain spaces, commas, "<" or "&"', () => {
    expect(pointers(alertXml({ fields: { identifier: 'A B', sender: 'a,b' } }))).toEqual([
      '/alert/0/identifier',
      '/alert/0/sender',
    ]);
    expect(parseErrors(alertXml({ fields: { identifier: 'a&amp;b' } }))[0].message).toContain('"&"');
  });

  it('a single-valued element repeated is an error at the repeat', () => {
    const xml = alertXml({ body: '<identifier>SECOND</identifier>' });
    expect(parseErrors(xml)).toEqual([
      expect.objectContaining({
        pointer: '/alert/0/identifier/1',
        message: '<identifier> may appear only once',
      }),
    ]);
  });

  it.each([
    ['Update', undefined],
    ['Update', ''],
    ['Cancel', undefined],
    ['Cancel', '  '],
  ])('msgType %s without references (%j) is an error', (msgType, references) => {
    expect(parseErrors(alertXml({ fields: { msgType, references } }))).toEqual([
      expect.objectContaining({
        pointer: '/alert/0/references',
        message: `msgType ${msgType} requires <references> naming the earlier message(s) (sender,identifier,sent)`,
      }),
    ]);
  });

  it.each([['Ack'], ['Error']])('msgType %s without references is accepted with a warning', (msgType) => {
    const [alert] = parseOk(alertXml({ fields: { msgType } }));
    expect(alert.warnings).toEqual([expect.objectContaining({ pointer: '/alert/0/references' })]);
  });

  it('references: several entries parsed; malformed entries reported', () => {
    const two = `${REF} other@example.org,X-2,2024-07-02T07:00:00-00:00`;
    const [alert] = parseOk(alertXml({ fields: { msgType: 'Update', references: two } }));
    expect(alert.referenceList).toEqual([
      {
        sender: 'test@example.org',
        identifier: 'TEST-0000',
        sent: '2024-07-02T06:00:00+08:00',
        sentDate: new Date('2024-07-01T22:00:00Z'),
      },
      {
        sender: 'other@example.org',
        identifier: 'X-2',
        sent: '2024-07-02T07:00:00-00:00',
        sentDate: new Date('2024-07-02T07:00:00Z'),
      },
    ]);
    const errors = parseErrors(
      alertXml({ fields: { msgType: 'Update', references: 'TEST-0000 a,b,yesterday a,b,c,d' } }),
    );
    expect(errors.map((e) => e.message)).toEqual([
      '<references> entry 1 "TEST-0000" is not "sender,identifier,sent"',
      expect.stringContaining('<references> entry 2 "a,b,yesterday" has an invalid sent time'),
      '<references> entry 3 "a,b,c,d" is not "sender,identifier,sent"',
    ]);
  });

  it('scope Restricted needs <restriction>; Private needs <addresses>', () => {
    expect(pointers(alertXml({ fields: { scope: 'Restricted' } }))).toEqual(['/alert/0/restriction']);
    expect(pointers(alertXml({ fields: { scope: 'Restricted', restriction: '' } }))).toEqual([
      '/alert/0/restriction',
    ]);
    expect(pointers(alertXml({ fields: { scope: 'Private' } }))).toEqual(['/alert/0/addresses']);
    const [restricted] = parseOk(
      alertXml({ fields: { scope: 'Restricted', restriction: 'Emergency services only' } }),
    );
    expect(restricted.restriction).toBe('Emergency services only');
  });

  it('addresses and incidents: whitespace-delimited, double-quoted entries kept whole', () => {
    const [alert] = parseOk(
      alertXml({
        fields: {
          scope: 'Private',
          addresses: 'ops@example.org "巴州区 应急管理局" 110',
          incidents: 'INC-1 "Flood 7"',
        },
      }),
    );
    expect(alert.addresses).toBe('ops@example.org "巴州区 应急管理局" 110');
    expect(alert.addressList).toEqual(['ops@example.org', '巴州区 应急管理局', '110']);
    expect(alert.incidentList).toEqual(['INC-1', 'Flood 7']);
    expect(pointers(alertXml({ fields: { addresses: 'a "b c' } }))).toEqual(['/alert/0/addresses']);
  });

  it('codes, note and source are kept', () => {
    const [alert] = parseOk(
      alertXml({
        fields: { source: 'Duty desk', code: 'IPAWSv1.0' },
        body: '<code>profile:CN:1.0</code><note>Drill note</note>',
      }),
    );
    expect(alert).toMatchObject({
      source: 'Duty desk',
      codes: ['IPAWSv1.0', 'profile:CN:1.0'],
      note: 'Drill note',
    });
  });

  it('unknown CAP elements are warned about; foreign-namespace extensions are ignored', () => {
    const [alert] = parseOk(
      alertXml({
        body: '<unheardOf>1</unheardOf><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X/></ds:Signature>',
      }),
    );
    expect(alert.warnings).toEqual([
      expect.objectContaining({
        pointer: '/alert/0/unheardOf',
        message: expect.stringContaining('unknown element'),
      }),
    ]);
  });

  it('an element that should hold text but holds elements is an error', () => {
    expect(pointers(alertXml({ fields: { identifier: '<b>X</b>' } }))).toEqual(['/alert/0/identifier']);
  });

  it('an alert without info is valid', () => {
    expect(parseOk(alertXml({ infos: [] }))[0].infos).toEqual([]);
  });
});

describe('dates', () => {
  it('keeps the original text, the instant and the offset', () => {
    const [alert] = parseOk(alertXml({ fields: { sent: '2002-05-24T16:49:00-07:00' } }));
    expect(alert.sent).toEqual({
      value: '2002-05-24T16:49:00-07:00',
      date: new Date('2002-05-24T23:49:00Z'),
      offsetMinutes: -420,
      zulu: false,
    });
  });

  it('accepts "Z" (forbidden by CAP 1.2) but records it', () => {
    const [alert] = parseOk(alertXml({ fields: { sent: '2024-07-02T06:30:00Z' } }));
    expect(alert.sent).toMatchObject({
      zulu: true,
      offsetMinutes: 0,
      date: new Date('2024-07-02T06:30:00Z'),
    });
    expect(alert.warnings).toEqual([
      expect.objectContaining({ pointer: '/alert/0/sent', message: expect.stringContaining('"Z"') }),
    ]);
  });

  it('accepts fractional seconds with a warning', () => {
    const [alert] = parseOk(alertXml({ fields: { sent: '2024-07-02T06:30:00.250+08:00' } }));
    expect(alert.sent.date).toEqual(new Date('2024-07-01T22:30:00.250Z'));
    expect(alert.warnings).toHaveLength(1);
  });

  it.each([
    ['no timezone', '2024-07-02T06:30:00', 'no timezone'],
    ['date only', '2024-07-02', 'not a CAP dateTime'],
    ['impossible day', '2023-02-29T00:00:00+08:00', 'not a valid date'],
    ['impossible hour', '2024-07-02T24:00:00+08:00', 'not a valid date'],
    ['impossible offset', '2024-07-02T06:30:00+15:00', 'impossible timezone'],
    ['empty', '', 'not a CAP dateTime'],
  ])('refuses %s', (_label, sent, message) => {
    expect(parseErrors(alertXml({ fields: { sent } }))).toEqual([
      expect.objectContaining({ pointer: '/alert/0/sent', message: expect.stringContaining(message) }),
    ]);
  });

  it('checks effective, onset and expires too', () => {
    const xml = alertXml({
      infos: [infoXml({ effective: 'now', onset: '2024-07-02T06:30:00+08:00', expires: 'tomorrow' })],
    });
    expect(pointers(xml)).toEqual(['/alert/0/info/0/effective', '/alert/0/info/0/expires']);
    const [alert] = parseOk(alertXml({ infos: [infoXml({ onset: '2024-02-29T23:00:00-00:00' })] }));
    expect(alert.infos[0].onset?.date).toEqual(new Date('2024-02-29T23:00:00Z'));
  });
});

describe('info block', () => {
  it('language defaults to en-US', () => {
    const [alert] = parseOk(alertXml());
    expect(alert.infos[0]).toMatchObject({ language: 'en-US', languageDeclared: false });
    const [declared] = parseOk(alertXml({ infos: [infoXml({ language: 'zh-CN' })] }));
    expect(declared.infos[0]).toMatchObject({ language: 'zh-CN', languageDeclared: true });
  });

  it('missing required info elements are all reported, with the info index', () => {
    const xml = alertXml({
      infos: [
        infoXml(),
        infoXml({
          category: undefined,
          event: undefined,
          urgency: undefined,
          severity: undefined,
          certainty: undefined,
        }),
      ],
    });
    expect(pointers(xml)).toEqual([
      '/alert/0/info/1/category',
      '/alert/0/info/1/event',
      '/alert/0/info/1/urgency',
      '/alert/0/info/1/severity',
      '/alert/0/info/1/certainty',
    ]);
  });

  it('checks every enumeration, pointing at the repeated element', () => {
    const xml = alertXml({
      infos: [
        infoXml(
          { urgency: 'Soon', severity: 'Orange', certainty: 'Sure' },
          '<category>Weather</category><responseType>Run</responseType>',
        ),
      ],
    });
    expect(pointers(xml)).toEqual([
      '/alert/0/info/0/category/1',
      '/alert/0/info/0/responseType/0',
      '/alert/0/info/0/urgency',
      '/alert/0/info/0/severity',
      '/alert/0/info/0/certainty',
    ]);
  });

  it('every category, responseType, urgency, severity and certainty value is accepted', () => {
    const categories = [
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
    ];
    const responses = [
      'Shelter',
      'Evacuate',
      'Prepare',
      'Execute',
      'Avoid',
      'Monitor',
      'Assess',
      'AllClear',
      'None',
    ];
    const infos = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'].map((urgency, i) =>
      infoXml(
        {
          category: undefined,
          urgency,
          severity: ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'][i],
          certainty: ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'][i],
        },
        [
          ...categories.map((c) => `<category>${c}</category>`),
          ...responses.map((r) => `<responseType>${r}</responseType>`),
        ].join(''),
      ),
    );
    const [alert] = parseOk(alertXml({ infos }));
    expect(alert.infos[0].categories).toEqual(categories);
    expect(alert.infos[0].responseTypes).toEqual(responses);
    expect(alert.infos.map((info) => info.certainty)).toEqual([
      'Observed',
      'Likely',
      'Possible',
      'Unlikely',
      'Unknown',
    ]);
  });

  it('certainty "Very Likely" (CAP 1.0) is read as Likely, with a warning', () => {
    const [alert] = parseOk(alertXml({ namespace: CAP11, infos: [infoXml({ certainty: 'Very Likely' })] }));
    expect(alert.infos[0].certainty).toBe('Likely');
    expect(alert.warnings).toEqual([expect.objectContaining({ pointer: '/alert/0/info/0/certainty' })]);
  });

  it('colour severities are not CAP outside the mainland profile', () => {
    expect(parseErrors(alertXml({ infos: [infoXml({ severity: '橙色' })] }))).toEqual([
      expect.objectContaining({ pointer: '/alert/0/info/0/severity' }),
    ]);
  });

  it('eventCode and parameter pairs need valueName and value (value may be empty)', () => {
    const ok = infoXml(
      {},
      '<eventCode><valueName>SAME</valueName><value>SVR</value></eventCode><parameter><valueName>WMOHEADER</valueName><value/></parameter>',
    );
    const [alert] = parseOk(alertXml({ infos: [ok] }));
    expect(alert.infos[0].eventCodes).toEqual([{ valueName: 'SAME', value: 'SVR' }]);
    expect(alert.infos[0].parameters).toEqual([{ valueName: 'WMOHEADER', value: '' }]);
    expect(alert.warnings).toEqual([
      expect.objectContaining({
        pointer: '/alert/0/info/0/parameter/0',
        message: expect.stringContaining('"WMOHEADER" has an empty value'),
      }),
    ]);
    const bad = infoXml({}, '<parameter><valueName>X</valueName></parameter>');
    expect(pointers(alertXml({ infos: [bad] }))).toEqual(['/alert/0/info/0/parameter/0/value']);
  });

  it('resource: resourceDesc and (in 1.2) mimeType required; size a whole number', () => {
    const good =
      '<resource><resourceDesc>Map</resourceDesc><mimeType>image/png</mimeType><size>1024</size><uri>https://example.org/m.png</uri><digest>abc</digest></resource>';
    expect(parseOk(alertXml({ infos: [infoXml({}, good)] }))[0].infos[0].resources[0]).toEqual({
      resourceDesc: 'Map',
      mimeType: 'image/png',
      size: 1024,
      uri: 'https://example.org/m.png',
      derefUri: undefined,
      digest: 'abc',
    });
    const bad = '<resource><size>1.5 KB</size></resource>';
    expect(pointers(alertXml({ infos: [infoXml({}, bad)] }))).toEqual([
      '/alert/0/info/0/resource/0/resourceDesc',
      '/alert/0/info/0/resource/0/mimeType',
      '/alert/0/info/0/resource/0/size',
    ]);
    const noMime = '<resource><resourceDesc>Map</resourceDesc></resource>';
    expect(
      parseOk(alertXml({ namespace: CAP11, infos: [infoXml({}, noMime)] }))[0].infos[0].resources[0].mimeType,
    ).toBeUndefined();
  });
});

describe('area block', () => {
  const withArea = (inner: string, areaDesc?: string) =>
    alertXml({ infos: [infoXml({}, areaXml(inner, areaDesc))] });
  const areaOf = (inner: string) => parseOk(withArea(inner))[0].infos[0].areas[0];

  it('areaDesc is required', () => {
    expect(pointers(alertXml({ infos: [infoXml({}, '<area><circle>1,2 3</circle></area>')] }))).toEqual([
      '/alert/0/info/0/area/0/areaDesc',
    ]);
  });

  it('polygons with explicit "+" and "-" signs parse', () => {
    const area = areaOf('<polygon>+41.12,-117.61 +41.06,-117.47 +40.91,-117.52 +41.12,-117.61</polygon>');
    expect(area.polygons).toEqual([
      [
        { lat: 41.12, lon: -117.61 },
        { lat: 41.06, lon: -117.47 },
        { lat: 40.91, lon: -117.52 },
        { lat: 41.12, lon: -117.61 },
      ],
    ]);
    expect(
      areaOf('<polygon>-33.9,+151.2 -33.8,+151.3 -33.7,+151.2 -33.9,+151.2</polygon>').polygons[0][0],
    ).toEqual({
      lat: -33.9,
      lon: 151.2,
    });
  });

  it('an empty polygon or circle is a warning kept with the alert, not a refusal', () => {
    const [alert] = parseOk(
      withArea('<polygon>1,1 1,2 2,2 1,1</polygon>\n<polygon></polygon>\n<polygon>   </polygon><circle/>'),
    );
    expect(alert.infos[0].areas[0].polygons).toHaveLength(1);
    expect(alert.infos[0].areas[0].circles).toEqual([]);
    expect(alert.warnings.map((w) => w.pointer)).toEqual([
      '/alert/0/info/0/area/0/polygon/1',
      '/alert/0/info/0/area/0/polygon/2',
      '/alert/0/info/0/area/0/circle/0',
    ]);
    expect(alert.warnings[0].message).toContain('empty <polygon> ignored');
  });

  it('an empty polygon beside a bad one: only the bad one is refused', () => {
    expect(pointers(withArea('<polygon></polygon><polygon>1,1 1,2 1,1</polygon>'))).toEqual([
      '/alert/0/info/0/area/0/polygon/1',
    ]);
  });

  it.each([
    ['fewer than 4 pairs', '1,1 1,2 1,1', 'at least 4'],
    ['not closed', '1,1 1,2 2,2 2,1', 'not closed'],
    ['latitude out of range', '91,1 1,2 2,2 91,1', 'latitude 91'],
    ['longitude out of range', '1,181 1,2 2,2 1,181', 'longitude 181'],
    ['"lat, lon" with a space', '1, 1 1,2 2,2 1,1', 'is not "lat,lon"'],
    ['three numbers', '1,1,1 1,2 2,2 1,1', 'is not "lat,lon"'],
  ])('polygon: %s', (_label, text, message) => {
    expect(parseErrors(withArea(`<polygon>${text}</polygon>`))).toContainEqual(
      expect.objectContaining({
        pointer: '/alert/0/info/0/area/0/polygon/0',
        message: expect.stringContaining(message),
      }),
    );
  });

  it('polygon problems are capped per polygon', () => {
    const errors = parseErrors(withArea(`<polygon>${'x '.repeat(50)}</polygon>`));
    expect(errors.length).toBeLessThanOrEqual(7);
    expect(errors[errors.length - 1].message).toMatch(/and \d+ more/);
  });

  it('circles: "lat,lon radius", signs allowed, radius ≥ 0 in km', () => {
    expect(
      areaOf('<circle>+32.9525,-115.5527 0</circle><circle>-35.3888,147.0598 25.5</circle>').circles,
    ).toEqual([
      { center: { lat: 32.9525, lon: -115.5527 }, radiusKm: 0 },
      { center: { lat: -35.3888, lon: 147.0598 }, radiusKm: 25.5 },
    ]);
    expect(
      pointers(
        withArea('<circle>1,2 -3</circle><circle>1,2</circle><circle>100,2 3</circle><circle></circle>'),
      ),
    ).toEqual([
      '/alert/0/info/0/area/0/circle/0',
      '/alert/0/info/0/area/0/circle/1',
      '/alert/0/info/0/area/0/circle/2',
    ]);
  });

  it('geocodes, altitude and ceiling', () => {
    const area = areaOf(
      '<geocode><valueName>SAME</valueName><value>006109</value></geocode><altitude>1000</altitude><ceiling>2500.5</ceiling>',
    );
    expect(area).toMatchObject({
      geocodes: [{ valueName: 'SAME', value: '006109' }],
      altitude: 1000,
      ceiling: 2500.5,
    });
    expect(pointers(withArea('<ceiling>10</ceiling>'))).toEqual(['/alert/0/info/0/area/0/ceiling']);
    expect(pointers(withArea('<altitude>high</altitude>'))).toEqual(['/alert/0/info/0/area/0/altitude']);
  });
});

describe('documents and namespaces', () => {
  it('reports malformed XML with the line and column of the fault', () => {
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
      '  <identifier>TEST-1</identifier>',
      '  <sender>test@example.org</sendr>',
      '</alert>',
    ].join('\n');
    expect(parseErrors(xml)).toEqual([
      {
        message: expect.stringMatching(/^XML is not well-formed: .*'sender'.*'sendr'/),
        line: 4,
        column: 27,
      },
    ]);
  });

  it('reports an unclosed element and a bare "&" with their positions', () => {
    expect(parseErrors('<alert>\n  <identifier>x</identifier>\n')).toEqual([
      expect.objectContaining({ line: 1, column: 1 }),
    ]);
    expect(parseErrors('<alert>\n<note>A & B</note>\n</alert>')).toEqual([
      expect.objectContaining({ line: 2, column: 9 }),
    ]);
  });

  it('validation errors carry the position of the element (CRLF line ends included)', () => {
    const xml = alertXml({ infos: [infoXml({ urgency: 'Soon' })] }).replace(/\n/g, '\r\n');
    const [error] = parseErrors(xml);
    const lines = xml.split('\r\n');
    const line = lines.findIndex((text) => text.includes('<urgency>Soon'));
    expect(error).toMatchObject({ line: line + 1, column: lines[line].indexOf('<urgency>') + 1 });
  });

  it('more than one root element is not XML', () => {
    const one = alertXml().replace(/^<\?xml[^>]*>/, '');
    expect(parseErrors(one + one)[0].message).toMatch(/Multiple possible root nodes/);
    // XMLValidator lets a second root through after a self-closed first one; the tree builder does not.
    expect(parseErrors(`<alert/>\n${one.trimStart()}`)).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('more than one root element'),
        line: 2,
        column: 1,
      }),
    ]);
  });

  it('CAP 1.1 and 1.0 namespaces set capVersion; CAP 1.0 "name=value" pairs are read', () => {
    expect(parseOk(alertXml({ namespace: CAP11 }))[0].capVersion).toBe('1.1');
    const cap10 = alertXml({
      namespace: 'http://www.incident.com/cap/1.0',
      body: '<password>secret</password>',
      infos: [infoXml({ parameter: 'EventID=13970876' })],
    });
    const [alert] = parseOk(cap10);
    expect(alert.capVersion).toBe('1.0');
    expect(alert.infos[0].parameters).toEqual([{ valueName: 'EventID', value: '13970876' }]);
    expect(JSON.stringify(alert)).not.toContain('secret');
    expect(parseOk(alertXml({ namespace: 'urn:oasis:names:tc:emergency:cap:1.0' }))[0].capVersion).toBe(
      '1.0',
    );
  });

  it('any prefix works, the namespace decides', () => {
    const xml = alertXml({ namespace: null })
      .replace('<alert>', '<x:alert xmlns:x="urn:oasis:names:tc:emergency:cap:1.2">')
      .replace('</alert>', '</x:alert>')
      .replace(
        /<(\/?)(identifier|sender|sent|status|msgType|scope|info|category|event|urgency|severity|certainty)>/g,
        '<$1x:$2>',
      );
    const [alert] = parseOk(xml);
    expect(alert).toMatchObject({ capVersion: '1.2', identifier: 'TEST-0001' });
  });

  it('an undeclared prefix is a namespace error', () => {
    expect(parseErrors('<cap:alert><cap:identifier>x</cap:identifier></cap:alert>')[0].message).toContain(
      'prefix "cap"',
    );
  });

  it('a root that is neither an alert nor holds alerts is refused', () => {
    expect(parseErrors('<feed xmlns="http://www.w3.org/2005/Atom"><entry/></feed>')[0].message).toContain(
      '<feed>',
    );
    expect(parseErrors('<alert/>')).toEqual([
      expect.objectContaining({ message: expect.stringContaining('no CAP content') }),
    ]);
  });

  it('rejects empty input', () => {
    expect(parseCapDocument('').ok).toBe(false);
    expect(parseCapDocument(Buffer.alloc(0)).ok).toBe(false);
  });
});
