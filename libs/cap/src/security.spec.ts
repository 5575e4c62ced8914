import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseCapDocument } from './parse-cap';
import { alertXml, CAP12, expectErrors, fixture, infoXml, parseErrors } from './test-support';

describe('hostile input', () => {
  it('the XXE sample (external entities to localhost and file:///etc/passwd) is refused; nothing leaks', () => {
    const result = parseCapDocument(fixture('hostile_google-cap-library_xxe-external-entity-attack.xml'));
    const errors = expectErrors(result);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/<!DOCTYPE>\) are not allowed/);
    const serialised = JSON.stringify(result);
    expect(serialised).not.toContain('passwd');
    expect(serialised).not.toContain('localhost');
    expect(serialised).not.toContain('root:');
    if (existsSync('/etc/passwd')) {
      const firstLine = readFileSync('/etc/passwd', 'utf8').split('\n')[0];
      expect(serialised).not.toContain(firstLine);
    }
  });

  it('an external entity aimed at a real local file is refused and its content never appears', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cap-xxe-'));
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'TOP-SECRET-MARKER-7f3a');
    try {
      const xml = alertXml({
        declaration: `<?xml version="1.0"?>\n<!DOCTYPE alert [ <!ENTITY xxe SYSTEM "file://${secret}"> ]>`,
        infos: [infoXml({ headline: 'x&xxe;' })],
      });
      const result = parseCapDocument(xml);
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).not.toContain('TOP-SECRET-MARKER');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a billion-laughs DOCTYPE is refused at once, without expansion', () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [',
      ' <!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
      ),
      ']>',
      `<alert xmlns="${CAP12}"><identifier>&lol9;</identifier></alert>`,
    ].join('\n');
    const started = Date.now();
    const errors = parseErrors(lol);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(errors).toEqual([
      expect.objectContaining({ line: 2, column: 1, message: expect.stringMatching(/DOCTYPE/) }),
    ]);
    expect(JSON.stringify(errors)).not.toContain('lollol');
  });

  it.each([
    ['lower-case doctype', '<!doctype alert>\n'],
    ['an internal-subset-only doctype', '<!DOCTYPE alert [ <!ENTITY a "b"> ]>\n'],
  ])('refuses %s', (_label, doctype) => {
    const xml = alertXml({ declaration: `<?xml version="1.0"?>\n${doctype}` });
    expect(parseErrors(xml)).toEqual([expect.objectContaining({ line: 2, column: 1 })]);
  });

  it('refuses <!ENTITY even outside a DOCTYPE (e.g. inside a comment)', () => {
    const xml = alertXml({ body: '<!-- <!ENTITY x "y"> -->' });
    expect(parseErrors(xml)[0].message).toMatch(/<!ENTITY>\) are not allowed/);
  });

  it('refuses a DOCTYPE hidden in UTF-16', () => {
    const xml = alertXml({
      declaration: '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE alert SYSTEM "http://x/">',
    });
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    expect(parseErrors(bytes)[0].message).toMatch(/DOCTYPE/);
  });

  it('an entity reference without any declaration is a well-formedness error, not passed through', () => {
    const xml = alertXml({ infos: [infoXml({ headline: 'Storm&xxe;' })] });
    const lines = xml.split('\n');
    const line = lines.findIndex((text) => text.includes('&xxe;'));
    expect(parseErrors(xml)).toEqual([
      {
        message: expect.stringContaining('undeclared entity &xxe;'),
        line: line + 1,
        column: lines[line].indexOf('&xxe;') + 1,
      },
    ]);
  });

  it('HTML entities such as &nbsp; are not XML and are refused', () => {
    expect(parseErrors(alertXml({ infos: [infoXml({ event: 'a&nbsp;b' })] }))[0].message).toContain('&nbsp;');
  });

  it('decodes only the five predefined entities and character references; CDATA stays verbatim', () => {
    const xml = alertXml({
      infos: [
        infoXml({
          headline: '&lt;b&gt; &amp; &quot;q&quot; &apos;a&apos; &#26292;&#x96E8;',
          description: '<![CDATA[<b>&amp;</b> &xxe;]]>',
        }),
      ],
    });
    const result = parseCapDocument(xml);
    expect(result.ok && result.alerts[0].infos[0].headline).toBe('<b> & "q" \'a\' 暴雨');
    expect(result.ok && result.alerts[0].infos[0].description).toBe('<b>&amp;</b> &xxe;');
  });

  it('refuses character references to characters XML forbids', () => {
    expect(parseErrors(alertXml({ infos: [infoXml({ event: 'a&#0;b' })] }))[0].message).toContain('&#0;');
  });

  it('refuses raw control characters', () => {
    expect(parseErrors(alertXml({ infos: [infoXml({ event: 'a\u0001b' })] }))[0].message).toContain('U+0001');
  });

  it('element names that could pollute prototypes are refused, not executed', () => {
    const result = parseCapDocument(alertXml({ body: '<__proto__><polluted>yes</polluted></__proto__>' }));
    expect(result.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('deep nesting is refused', () => {
    const deep = `${'<a>'.repeat(500)}${'</a>'.repeat(500)}`;
    expect(parseCapDocument(alertXml({ body: deep })).ok).toBe(false);
  });
});
