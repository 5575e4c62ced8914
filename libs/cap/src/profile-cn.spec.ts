import { capMsgTypeEffect, capStatusEffect, pickInfo } from './helpers';
import { adminCodesOf, isChineseAdminCode, warningColourOf } from './profile-cn';
import { alertXml, areaXml, CAP12, fixture, infoXml, parseErrors, parseOk } from './test-support';

describe('mainland national warning platform profile (no namespace)', () => {
  it('巴中市气象台 暴雨橙色预警: profile-cn, 橙色 → Severe / orange / II, zh-CN picked over en-US', () => {
    const [alert] = parseOk(fixture('cn_bazhong-rainstorm-orange.xml'));
    expect(alert).toMatchObject({
      capVersion: 'profile-cn',
      namespace: '',
      identifier: '51190041600000_20240702063000',
      sender: '巴中市气象台',
      status: 'Actual',
      msgType: 'Alert',
      warnings: [],
    });
    expect(alert.sent.offsetMinutes).toBe(480);
    expect(alert.sent.date).toEqual(new Date('2024-07-01T22:30:00Z'));
    expect(alert.infos.map((info) => info.language)).toEqual(['en-US', 'zh-CN']);

    const zh = pickInfo(alert)!;
    expect(zh.language).toBe('zh-CN');
    expect(zh).toMatchObject({
      event: '暴雨',
      severity: 'Severe',
      warningColour: 'orange',
      warningLevel: 'II',
      headline: '巴中市气象台发布暴雨橙色预警（测试）',
      parameters: [{ valueName: '预警级别', value: 'II级' }],
    });
    expect(adminCodesOf(zh)).toEqual(['511902000000', '511902105000']);
    expect(zh.areas[0].polygons[0]).toHaveLength(5);

    const en = alert.infos[0];
    expect(en).toMatchObject({ severity: 'Severe', warningColour: 'orange', warningLevel: 'II' });
    expect(pickInfo(alert, ['en'])).toBe(en);
    expect(capStatusEffect(alert)).toBe('dispatch');
    expect(capMsgTypeEffect(alert)).toBe('new');
  });

  it('巴州区 大风蓝色预警: English colour "Blue" → Minor / blue / IV; 6- and 9-digit codes; no <language>', () => {
    const [alert] = parseOk(fixture('cn_bazhou-gale-blue.xml'));
    expect(alert.capVersion).toBe('profile-cn');
    const [info] = alert.infos;
    expect(info).toMatchObject({
      language: 'en-US',
      languageDeclared: false,
      event: '大风',
      severity: 'Minor',
      warningColour: 'blue',
      warningLevel: 'IV',
      certainty: 'Possible',
    });
    expect(info.areas[0].circles).toEqual([{ center: { lat: 31.95, lon: 106.77 }, radiusKm: 15 }]);
    expect(info.areas[0].geocodes).toHaveLength(3);
    expect(adminCodesOf(info)).toEqual(['511902', '511902105']);
    expect(pickInfo(alert)).toBe(info);
  });

  it('Update lowering the warning to 黄色: references parsed, amend', () => {
    const [alert] = parseOk(fixture('cn_bazhong-rainstorm-update-yellow.xml'));
    expect(alert.msgType).toBe('Update');
    expect(capMsgTypeEffect(alert)).toBe('amend');
    expect(alert.referenceList).toEqual([
      {
        sender: '巴中市气象台',
        identifier: '51190041600000_20240702063000',
        sent: '2024-07-02T06:30:00+08:00',
        sentDate: new Date('2024-07-01T22:30:00Z'),
      },
    ]);
    expect(alert.infos[0]).toMatchObject({
      severity: 'Moderate',
      warningColour: 'yellow',
      warningLevel: 'III',
    });
  });

  it.each([
    ['红色', 'Extreme', 'red', 'I'],
    ['橙色', 'Severe', 'orange', 'II'],
    ['黄色', 'Moderate', 'yellow', 'III'],
    ['蓝色', 'Minor', 'blue', 'IV'],
    ['Red', 'Extreme', 'red', 'I'],
    ['Orange', 'Severe', 'orange', 'II'],
    ['Yellow', 'Moderate', 'yellow', 'III'],
    ['Blue', 'Minor', 'blue', 'IV'],
    ['RED', 'Extreme', 'red', 'I'],
  ])('severity %s → %s, %s, level %s', (colour, severity, warningColour, warningLevel) => {
    const [alert] = parseOk(
      alertXml({ namespace: null, infos: [infoXml({ language: 'zh-CN', severity: colour })] }),
    );
    expect(alert.infos[0]).toMatchObject({ severity, warningColour, warningLevel });
  });

  it('standard CAP severities stay valid in the profile, without a colour', () => {
    const [alert] = parseOk(alertXml({ namespace: null, infos: [infoXml({ severity: 'Severe' })] }));
    expect(alert.infos[0].severity).toBe('Severe');
    expect(alert.infos[0]).not.toHaveProperty('warningColour');
    expect(alert.infos[0]).not.toHaveProperty('warningLevel');
  });

  it('other colours are still errors, naming the accepted values', () => {
    const [error] = parseErrors(alertXml({ namespace: null, infos: [infoXml({ severity: '紫色' })] }));
    expect(error.pointer).toBe('/alert/0/info/0/severity');
    expect(error.message).toContain('红色');
  });

  it('the profile is validated like CAP 1.2 (required fields, enumerations)', () => {
    const errors = parseErrors(
      alertXml({ namespace: null, fields: { scope: undefined }, infos: [infoXml({ urgency: '紧急' })] }),
    );
    expect(errors.map((e) => e.pointer)).toEqual(['/alert/0/scope', '/alert/0/info/0/urgency']);
  });

  it('colours are only read in the profile: a CAP 1.2 alert with 橙色 is an error', () => {
    expect(parseErrors(alertXml({ namespace: CAP12, infos: [infoXml({ severity: '橙色' })] }))).toHaveLength(
      1,
    );
  });
});

describe('adminCodesOf / isChineseAdminCode', () => {
  it('finds 6, 9 and 12 digit codes in any geocode, in order, once each, across areas', () => {
    const [alert] = parseOk(
      alertXml({
        namespace: null,
        infos: [
          infoXml(
            {},
            areaXml(
              '<geocode><valueName>x</valueName><value>511902</value></geocode>' +
                '<geocode><valueName>x</valueName><value>5119021</value></geocode>' +
                '<geocode><valueName>x</valueName><value>511902105000</value></geocode>',
            ) +
              areaXml(
                '<geocode><valueName>y</valueName><value> 511923000 </value></geocode>' +
                  '<geocode><valueName>y</valueName><value>511902</value></geocode>',
              ),
          ),
        ],
      }),
    );
    expect(adminCodesOf(alert.infos[0])).toEqual(['511902', '511902105000', '511923000']);
  });

  it('ignores codes that are not Chinese division codes (US SAME/FIPS, Canadian CAP-CP, letters)', () => {
    for (const code of ['006109', '032013', '3537064', 'NVC013', '51190A', '5119021050001', '991902']) {
      expect(isChineseAdminCode(code)).toBe(false);
    }
    for (const code of ['110000', '511902', '511902105', '511902000000', '650102', '820000']) {
      expect(isChineseAdminCode(code)).toBe(true);
    }
    const [us] = parseOk(fixture('oasis-cap12-spec_A2_thunderstorm-polygon-geocode.xml'));
    expect(adminCodesOf(us.infos[0])).toEqual([]);
  });

  it('warningColourOf maps names and ignores anything else', () => {
    expect(warningColourOf(' 橙色 ')).toEqual({ colour: 'orange', level: 'II', severity: 'Severe' });
    expect(warningColourOf('orange')).toEqual({ colour: 'orange', level: 'II', severity: 'Severe' });
    expect(warningColourOf('Severe')).toBeUndefined();
    expect(warningColourOf('toString')).toBeUndefined();
  });
});

describe('the national platform as it publishes', () => {
  it('CAP 1.2 with sendTime, senderCode, eventType, spaced times, 橙色, bare geocode: read, quirks warned', () => {
    const [alert] = parseOk(fixture('cn-national_bazhou-rainstorm-orange.xml'));
    expect(alert).toMatchObject({
      capVersion: '1.2',
      nationalProfile: true,
      senderCode: '51190241600000',
      msgType: 'Alert',
    });
    expect(alert.sent.date).toEqual(new Date('2026-07-05T21:30:00Z'));
    expect(alert.sent.offsetMinutes).toBe(480);
    const [info] = alert.infos;
    expect(info).toMatchObject({
      event: '暴雨',
      eventType: '11B03',
      severity: 'Severe',
      warningColour: 'orange',
      warningLevel: 'II',
      parameters: [{ valueName: '预警信号编码', value: '' }],
    });
    expect(info.expires?.date).toEqual(new Date('2026-07-06T21:30:00Z'));
    expect(info.areas[0].geocodes).toEqual([{ valueName: '行政区划代码', value: '511902' }]);
    expect(adminCodesOf(info)).toEqual(['511902']);
    // The spaced times are the profile's own form: no warning; the empty value and polygon are.
    expect(alert.warnings.map((w) => w.pointer)).toEqual([
      '/alert/0/info/0/parameter/0',
      '/alert/0/info/0/area/0/polygon/0',
    ]);
  });

  it('no namespace, eventType instead of event, "Red", township codes as bare text, empty circle', () => {
    const [alert] = parseOk(fixture('cn-national_bazhou-rainstorm-red-eventtype-only.xml'));
    expect(alert).toMatchObject({ capVersion: 'profile-cn', msgType: 'Update', nationalProfile: true });
    expect(alert.referenceList[0].identifier).toBe('51190241600000_20260706053000');
    const [info] = alert.infos;
    expect(info).toMatchObject({
      event: '暴雨',
      eventType: '11B03',
      warningColour: 'red',
      severity: 'Extreme',
    });
    expect(adminCodesOf(info)).toEqual(['511902101', '511902105']);
    expect(alert.warnings.map((w) => w.pointer)).toEqual(['/alert/0/info/0/area/0/circle/0']);
  });

  it('an unknown eventType code names the event itself; an eventType alone satisfies <event>', () => {
    const xml = alertXml({ namespace: null, infos: [infoXml({ event: undefined, eventType: '11Z99' })] });
    expect(parseOk(xml)[0].infos[0]).toMatchObject({ event: '11Z99', eventType: '11Z99' });
  });

  it('colour severities and spaced times are read in a CAP namespace once national elements are there', () => {
    const xml = alertXml({
      fields: { sent: undefined, sendTime: '2026-07-06 05:30:00+08:00', senderCode: '51190241600000' },
      infos: [infoXml({ severity: '黄色', expires: '2026-07-06 11:30:00+08:00' })],
    });
    const [alert] = parseOk(xml);
    expect(alert.infos[0]).toMatchObject({ warningColour: 'yellow', severity: 'Moderate' });
    expect(alert.warnings).toEqual([]);
  });

  it('a spaced time outside the national profile is read with a warning', () => {
    const [alert] = parseOk(alertXml({ fields: { sent: '2026-07-06 05:30:00+08:00' } }));
    expect(alert.sent.date).toEqual(new Date('2026-07-05T21:30:00Z'));
    expect(alert.warnings[0].message).toContain('space between date and time');
  });

  it('meaning-changing input is still refused, every error at once', () => {
    const xml = alertXml({
      fields: {
        sent: '2026-07-06T05:30:00+08:00',
        sendTime: '2026-07-06 06:30:00+08:00',
        senderCode: '51190241600000',
      },
      infos: [
        infoXml(
          { event: undefined, severity: '紫色', urgency: '' },
          areaXml('<polygon>1,1 1,2 1,1</polygon>'),
        ),
      ],
    });
    expect(parseErrors(xml).map((e) => e.pointer)).toEqual([
      '/alert/0/sendTime',
      '/alert/0/info/0/event',
      '/alert/0/info/0/urgency',
      '/alert/0/info/0/severity',
      '/alert/0/info/0/area/0/polygon/0',
    ]);
    expect(parseErrors(alertXml({ fields: { sent: '2026-07-06 05:30:00' } }))[0].message).toContain(
      'no timezone',
    );
  });
});
