import { alertXml, infoXml, parseErrors, parseOk } from './test-support';

/** The receiver's window: from 1970, `<sent>` at most a day past "now" (2024-07-02T08:00+08:00). */
const dates = {
  earliest: new Date('1970-01-01T00:00:00Z'),
  latestSent: new Date('2024-07-03T08:00:00+08:00'),
};

describe('CAP dates outside the accepted window', () => {
  it('accepts a document inside the window, with an expiry far ahead', () => {
    const xml = alertXml({ infos: [infoXml({ expires: '2030-01-01T00:00:00+08:00' })] });
    expect(parseOk(xml, { dates })).toHaveLength(1);
  });

  it('refuses <sent> in year 1, naming it with line and column', () => {
    const [error] = parseErrors(alertXml({ fields: { sent: '0001-01-01T00:00:00+08:00' } }), { dates });
    expect(error).toMatchObject({ pointer: '/alert/0/sent', line: 5 });
    expect(error.message).toContain('before 1970-01-01T00:00:00.000Z');
  });

  it('refuses <sent> in year 1000 and a <sent> days ahead', () => {
    expect(
      parseErrors(alertXml({ fields: { sent: '1000-01-01T00:00:00+08:00' } }), { dates })[0].pointer,
    ).toBe('/alert/0/sent');
    const [ahead] = parseErrors(alertXml({ fields: { sent: '2024-07-09T00:00:00+08:00' } }), { dates });
    expect(ahead.message).toContain('latest accepted');
  });

  it('holds onset, effective and expires to the earliest date only', () => {
    const errors = parseErrors(
      alertXml({
        infos: [infoXml({ onset: '0001-01-01T00:00:00+00:00', expires: '1969-12-31T23:59:59+00:00' })],
      }),
      { dates },
    );
    expect(errors.map((e) => e.pointer)).toEqual(['/alert/0/info/0/onset', '/alert/0/info/0/expires']);
  });

  it('refuses a reference whose sent time is before the window', () => {
    const xml = alertXml({
      fields: { msgType: 'Update', references: 'test@example.org,TEST-0000,0001-01-01T00:00:00+08:00' },
    });
    expect(parseErrors(xml, { dates })[0].message).toContain('outside the accepted dates');
  });

  it('refuses a lone surrogate, however it is written, as an illegal XML character', () => {
    expect(parseErrors(alertXml({ fields: { sender: 'a&#xD800;b' } }))[0].message).toContain(
      'does not name a legal XML character',
    );
    expect(parseErrors(alertXml({ fields: { sender: 'a\ud800b' } }))[0].message).toContain(
      'U+D800 is not allowed in XML',
    );
  });
});
