import { decodeXmlBytes, declaredEncoding } from './decode';
import { DEFAULT_MAX_BYTES, parseCapDocument } from './parse-cap';
import { alertXml, fixture, infoXml, parseErrors, parseOk } from './test-support';

const withEvent = (event: string, encoding: string) =>
  alertXml({
    declaration: `<?xml version="1.0" encoding="${encoding}"?>`,
    infos: [infoXml({ language: 'zh-CN', event })],
  });

const swapBytes = (bytes: Buffer) => {
  const swapped = Buffer.alloc(bytes.length);
  for (let i = 0; i < bytes.length; i += 2) {
    swapped[i] = bytes[i + 1];
    swapped[i + 1] = bytes[i];
  }
  return swapped;
};

describe('encodings', () => {
  it('ISO-8859-1 sample: the byte 0xE1 becomes "á"', () => {
    const bytes = fixture('us-usgs_earthquake-iso8859-1-encoding.xml');
    expect(bytes.includes(Buffer.from('Usulut\xe1n', 'latin1'))).toBe(true);
    const [alert] = parseOk(bytes);
    expect(alert.infos[0].headline).toContain('Usulután');
    expect(alert.infos[0].areas[0].areaDesc).toMatch(/^47 miles \(76 km\) SSW of Usulután/);
  });

  it('UTF-8 byte-order mark: the Taiwan sample (bytes) and a string starting with U+FEFF', () => {
    expect(parseOk(fixture('tw-wra_reservoir-discharge-zh-tw.xml'))[0].infos[0].event).toBe('水庫洩洪');
    const text = `\uFEFF${withEvent('暴雨', 'UTF-8')}`;
    expect(parseOk(text)[0].infos[0].event).toBe('暴雨');
    expect(parseOk(Buffer.from(text, 'utf8'))[0].infos[0].event).toBe('暴雨');
  });

  it('UTF-16 little-endian with byte-order mark', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(withEvent('暴雨', 'UTF-16'), 'utf16le'),
    ]);
    expect(parseOk(bytes)[0].infos[0].event).toBe('暴雨');
  });

  it('UTF-16 big-endian with byte-order mark', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xfe, 0xff]),
      swapBytes(Buffer.from(withEvent('大风 😀', 'UTF-16'), 'utf16le')),
    ]);
    expect(parseOk(bytes)[0].infos[0].event).toBe('大风 😀');
  });

  it('UTF-16 without a byte-order mark, recognised by "<?"', () => {
    const le = Buffer.from(withEvent('暴雨', 'UTF-16'), 'utf16le');
    expect(parseOk(le)[0].infos[0].event).toBe('暴雨');
    expect(parseOk(swapBytes(le))[0].infos[0].event).toBe('暴雨');
  });

  it('windows-1252: typographic quotes 0x93/0x94', () => {
    const xml = withEvent('\u201cStorm\u201d', 'windows-1252').replace(/[\u201c\u201d]/g, (q) =>
      q === '\u201c' ? '\x93' : '\x94',
    );
    expect(parseOk(Buffer.from(xml, 'latin1'))[0].infos[0].event).toBe('\u201cStorm\u201d');
  });

  it('GB2312/GBK, as some mainland senders still use', () => {
    const [before, after] = withEvent('EVENT', 'GB2312').split('EVENT');
    const bytes = Buffer.concat([
      Buffer.from(before, 'latin1'),
      Buffer.from([0xb1, 0xa9, 0xd3, 0xea]),
      Buffer.from(after),
    ]);
    expect(parseOk(bytes)[0].infos[0].event).toBe('暴雨');
  });

  it('no declaration means UTF-8', () => {
    expect(
      parseOk(Buffer.from(withEvent('暴雨', 'UTF-8').replace(/^<\?xml[^>]*>/, '')))[0].infos[0].event,
    ).toBe('暴雨');
  });

  it('bytes that are not valid in the declared encoding are an error, not replaced', () => {
    const bytes = Buffer.from(withEvent('Usulut\xe1n', 'UTF-8'), 'latin1');
    expect(parseErrors(bytes)).toEqual([{ message: expect.stringContaining('not valid utf-8') }]);
  });

  it('an unknown encoding label is an error', () => {
    expect(parseErrors(Buffer.from(withEvent('x', 'x-unheard-of')))[0].message).toContain(
      'unsupported encoding',
    );
  });

  it('a UTF-16 declaration on single-byte text is an error', () => {
    expect(parseErrors(Buffer.from(withEvent('x', 'UTF-16')))[0].message).toContain('not UTF-16');
  });

  it('UTF-32 is refused clearly', () => {
    expect(decodeXmlBytes(Buffer.from([0x00, 0x00, 0xfe, 0xff, 0, 0, 0, 0x3c]))).toEqual({
      ok: false,
      message: expect.stringContaining('UTF-32'),
    });
  });

  it('a string is already text: its declared encoding is ignored', () => {
    expect(parseOk(withEvent('Usulután', 'ISO-8859-1'))[0].infos[0].event).toBe('Usulután');
  });

  it('reads the declared encoding, with either quote and spaces around "="', () => {
    expect(declaredEncoding(`<?xml version = '1.0' encoding = 'ISO-8859-1'?>`)).toBe('ISO-8859-1');
    expect(declaredEncoding('<?xml version="1.0"?><a encoding="x"/>')).toBeUndefined();
    expect(declaredEncoding(' <?xml version="1.0" encoding="gbk"?>')).toBeUndefined();
  });
});

describe('maxBytes', () => {
  const big = (size: number) => {
    const xml = alertXml({ body: '<!--@-->' });
    return xml.replace('@', 'x'.repeat(size - Buffer.byteLength(xml) + 1));
  };

  it('defaults to 1 MiB, for Buffers and strings', () => {
    expect(DEFAULT_MAX_BYTES).toBe(1_048_576);
    expect(parseCapDocument(big(DEFAULT_MAX_BYTES)).ok).toBe(true);
    expect(parseCapDocument(Buffer.from(big(DEFAULT_MAX_BYTES))).ok).toBe(true);
    expect(parseErrors(big(DEFAULT_MAX_BYTES + 1))).toEqual([
      { message: 'the document is 1048577 bytes, more than the 1048576 bytes allowed' },
    ]);
    expect(parseErrors(Buffer.from(big(DEFAULT_MAX_BYTES + 1)))).toHaveLength(1);
  });

  it('counts a string in UTF-8 bytes', () => {
    const xml = withEvent('暴雨'.repeat(100), 'UTF-8');
    const bytes = Buffer.byteLength(xml);
    expect(xml.length).toBe(bytes - 400);
    expect(parseCapDocument(xml, { maxBytes: bytes }).ok).toBe(true);
    expect(parseErrors(xml, { maxBytes: bytes - 1 })[0].message).toContain(`${bytes} bytes`);
  });

  it('applies before decoding or parsing', () => {
    expect(parseErrors(Buffer.alloc(2048, 0xff), { maxBytes: 1024 })[0].message).toContain('2048 bytes');
  });

  it('must be positive', () => {
    expect(() => parseCapDocument('<alert/>', { maxBytes: 0 })).toThrow(RangeError);
    expect(() => parseCapDocument('<alert/>', { maxBytes: Number.NaN })).toThrow(RangeError);
  });
});
