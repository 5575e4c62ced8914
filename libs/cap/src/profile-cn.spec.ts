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
