import { parseCapDocument } from './parse-cap';
import { alertXml, CAP11, CAP12, expectErrors, expectOk, fixture, infoXml } from './test-support';

const bare = (options: Parameters<typeof alertXml>[0] = {}) =>
  alertXml(options).replace(/^<\?xml[^>]*>\n/, '');

describe('envelopes and several alerts', () => {
  it('EDXL-DE: every embedded alert is unwrapped, in order', () => {
    const result = expectOk(
      parseCapDocument(fixture('au-nsw-rfs_bushfire-edxl-de-envelope-cap-prefixed-multi-alert.xml')),
    );
    expect(result.envelope).toBe('edxl-de');
    expect(result.alerts.map((alert) => alert.identifier)).toEqual([
      'tag:www.rfs.nsw.gov.au2011-10-18:40500',
      'tag:www.rfs.nsw.gov.au2011-10-18:40444',
      'tag:www.rfs.nsw.gov.au2011-10-18:40394',
      'tag:www.rfs.nsw.gov.au2011-10-18:40428',
      'tag:www.rfs.nsw.gov.au2011-10-18:40484',
      'tag:www.rfs.nsw.gov.au2011-10-18:40487',
      'tag:www.rfs.nsw.gov.au2011-10-18:40435',
    ]);
    for (const alert of result.alerts) {
      expect(alert.capVersion).toBe('1.2');
      expect(alert.infos).toHaveLength(1);
      expect(alert.infos[0].areas[0].circles).toHaveLength(1);
      expect(alert.infos[0].areas[0].geocodes).toHaveLength(1);
    }
  });

  it('EDXL-DE: non-CAP content objects are skipped; an envelope without alerts is refused', () => {
    const edxl = (content: string) =>
      `<EDXLDistribution xmlns="urn:oasis:names:tc:emergency:EDXL:DE:1.0"><distributionID>D1</distributionID>${content}</EDXLDistribution>`;
    const object = (inner: string) =>
      `<contentObject><xmlContent><embeddedXMLContent>${inner}</embeddedXMLContent></xmlContent></contentObject>`;
    const result = expectOk(
      parseCapDocument(
        edxl(
          object('<report xmlns="urn:example:other"><x/></report>') +
            object(bare({ fields: { identifier: 'A-1' } })) +
            '<contentObject><nonXMLContent><mimeType>text/plain</mimeType></nonXMLContent></contentObject>' +
            object(
              bare({ fields: { identifier: 'A-2' } }) +
                bare({ fields: { identifier: 'A-3' }, namespace: CAP11 }),
            ),
        ),
      ),
    );
    expect(result.envelope).toBe('edxl-de');
    expect(result.alerts.map((a) => [a.identifier, a.capVersion])).toEqual([
      ['A-1', '1.2'],
      ['A-2', '1.2'],
      ['A-3', '1.1'],
    ]);
    expect(expectErrors(parseCapDocument(edxl(object('<x/>'))))[0].message).toContain('carries no CAP alert');
  });

  it('a wrapper element with 17 <alert> children (SMHI)', () => {
    const result = expectOk(parseCapDocument(fixture('edge_se-smhi_alerts-wrapper-17-alerts.xml')));
    expect(result.envelope).toBe('wrapper');
    expect(result.alerts).toHaveLength(17);
    expect(
      result.alerts.every((alert) => alert.capVersion === '1.2' && alert.infos[0].language === 'sv-SE'),
    ).toBe(true);
  });

  it('several alerts in one document each count, whatever their version, and errors name the alert', () => {
    const doc = `<feed>\n${bare({ fields: { identifier: 'ONE' } })}${bare({
      fields: { identifier: 'TWO' },
      namespace: CAP11,
    })}${bare({ fields: { identifier: 'THREE' }, namespace: null })}</feed>`;
    const result = expectOk(parseCapDocument(doc));
    expect(result.envelope).toBe('wrapper');
    expect(result.alerts.map((a) => `${a.identifier}:${a.capVersion}`)).toEqual([
      'ONE:1.2',
      'TWO:1.1',
      'THREE:profile-cn',
    ]);

    // The inner alerts declare no namespace and inherit the wrapper's default CAP 1.2 namespace.
    const broken = `<alerts xmlns="${CAP12}">${bare({ namespace: null })}${bare({
      namespace: null,
      infos: [infoXml({ urgency: 'Later' })],
    })}${bare({ namespace: null, fields: { scope: undefined } })}</alerts>`;
    const errors = expectErrors(parseCapDocument(broken));
    expect(errors.every((e) => e.line !== undefined)).toBe(true);
    expect(errors.map((e) => [e.alertIndex, e.pointer])).toEqual([
      [1, '/alert/1/info/0/urgency'],
      [2, '/alert/2/scope'],
    ]);
  });
});
