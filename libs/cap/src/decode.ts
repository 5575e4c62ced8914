/**
 * Bytes → text, the XML way (XML 1.0 appendix F): a byte-order mark decides first (UTF-8, UTF-16 LE/BE),
 * then UTF-16 without a mark is recognised by the `<?` pattern, then the XML declaration's `encoding`
 * names the charset (any label the WHATWG Encoding Standard knows: UTF-8, ISO-8859-1, windows-1252,
 * GBK, GB18030, Big5, ...), else UTF-8. Decoding is strict: bytes that are not valid in the encoding
 * are an error, never silently replaced.
 *
 * Note: as in every browser, the label ISO-8859-1 (latin1) decodes as windows-1252, which differs from
 * ISO-8859-1 only in 0x80–0x9F (C1 controls there, typographic quotes and dashes in windows-1252).
 */

export type DecodeResult = { ok: true; text: string; encoding: string } | { ok: false; message: string };

const UTF16_LABELS = new Set([
  'utf-16',
  'utf-16le',
  'utf-16be',
  'utf16',
  'ucs-2',
  'iso-10646-ucs-2',
  'csunicode',
  'unicode',
  'unicodefeff',
  'unicodefffe',
]);

/** Reads `encoding="..."` from an XML declaration at the very start of the (ASCII-compatible) bytes. */
export function declaredEncoding(head: string): string | undefined {
  const match = /^<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\1/.exec(head);
  return match ? match[2] : undefined;
}

export function decodeXmlBytes(bytes: Uint8Array): DecodeResult {
  const b0 = bytes[0];
  const b1 = bytes[1];
  const b2 = bytes[2];
  const b3 = bytes[3];

  if (b0 === 0x00 && b1 === 0x00 && ((b2 === 0xfe && b3 === 0xff) || (b2 === 0x00 && b3 === 0x3c))) {
    return { ok: false, message: 'UTF-32 (big-endian) input is not supported; send UTF-8' };
  }
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) {
    return { ok: false, message: 'UTF-32 (little-endian) input is not supported; send UTF-8' };
  }
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
    return decodeWith('utf-8', bytes.subarray(3));
  }
  if (b0 === 0xff && b1 === 0xfe) {
    return decodeWith('utf-16le', bytes.subarray(2));
  }
  if (b0 === 0xfe && b1 === 0xff) {
    return decodeUtf16be(bytes.subarray(2));
  }
  // UTF-16 without a byte-order mark: '<?' as two-byte units.
  if (b0 === 0x3c && b1 === 0x00 && b2 === 0x3f && b3 === 0x00) {
    return decodeWith('utf-16le', bytes);
  }
  if (b0 === 0x00 && b1 === 0x3c && b2 === 0x00 && b3 === 0x3f) {
    return decodeUtf16be(bytes);
  }

  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 512)).toString(
    'latin1',
  );
  const label = declaredEncoding(head);
  if (label === undefined) {
    return decodeWith('utf-8', bytes);
  }
  const normalised = label.toLowerCase();
  if (UTF16_LABELS.has(normalised)) {
    return {
      ok: false,
      message: `the XML declaration says encoding="${label}" but the bytes are not UTF-16 (no byte-order mark, one byte per character)`,
    };
  }
  return decodeWith(normalised, bytes, label);
}

function decodeWith(label: string, bytes: Uint8Array, declared: string = label): DecodeResult {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    return { ok: false, message: `unsupported encoding "${declared}" in the XML declaration` };
  }
  if (decoder.encoding === 'replacement') {
    return { ok: false, message: `unsupported encoding "${declared}" in the XML declaration` };
  }
  if (decoder.encoding === 'windows-1252') {
    return { ok: true, text: decodeWindows1252(bytes), encoding: decoder.encoding };
  }
  try {
    return { ok: true, text: decoder.decode(bytes), encoding: decoder.encoding };
  } catch {
    return {
      ok: false,
      message: `the input is not valid ${decoder.encoding} (declared or detected encoding)`,
    };
  }
}

/** windows-1252 bytes 0x80–0x9F (WHATWG table; the five unassigned bytes map to the same code point). */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

/**
 * windows-1252 by table: Node 20's TextDecoder decodes this label as plain latin1 (0x93 → U+0093 instead
 * of “), so it is done here, the same on every Node version.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (ch) =>
    String.fromCharCode(WINDOWS_1252_HIGH[ch.charCodeAt(0) - 0x80]),
  );
}

/** UTF-16BE via a byte swap, so it works whatever ICU data Node was built with. */
function decodeUtf16be(bytes: Uint8Array): DecodeResult {
  if (bytes.byteLength % 2 !== 0) {
    return { ok: false, message: 'the input is not valid utf-16be (odd number of bytes)' };
  }
  const swapped = new Uint8Array(bytes.byteLength);
  for (let i = 0; i < bytes.byteLength; i += 2) {
    swapped[i] = bytes[i + 1];
    swapped[i + 1] = bytes[i];
  }
  const result = decodeWith('utf-16le', swapped);
  return result.ok
    ? { ...result, encoding: 'utf-16be' }
    : { ok: false, message: 'the input is not valid utf-16be' };
}
