/**
 * Text → a small namespace-resolved element tree, safely.
 *
 * Safety: a document type declaration (`<!DOCTYPE`) or entity declaration (`<!ENTITY`) anywhere in the
 * text is refused before any parsing, so no DTD, external entity or entity expansion (XXE, billion
 * laughs) can ever be processed. fast-xml-parser's own entity processing is switched off as a second
 * line; this module decodes only the five predefined XML entities and numeric character references, and
 * any other entity reference is a well-formedness error.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  /** Qualified name as written (`cap:alert`). */
  qname: string;
  /** Local part (`alert`). */
  local: string;
  /** Resolved namespace URI, `''` for none. */
  ns: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside the element (entities decoded, CDATA verbatim). */
  text: string;
  /** Offset of `<` in the decoded text. */
  start: number;
}

export interface XmlProblem {
  message: string;
  line?: number;
  column?: number;
}

export type XmlParseResult = { ok: true; root: XmlElement } | { ok: false; errors: XmlProblem[] };

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

/** Converts offsets in a text into 1-based line and column (columns in UTF-16 units, as XMLValidator). */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }

  locate(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low] + 1 };
  }
}

/** Refuses DTDs and entity declarations outright; returns the offset of the first one, or -1. */
export function findForbiddenDeclaration(
  text: string,
): { offset: number; kind: 'DOCTYPE' | 'ENTITY' } | undefined {
  const match = /<!(DOCTYPE|ENTITY)/i.exec(text);
  if (!match) return undefined;
  return { offset: match.index, kind: match[1].toUpperCase() as 'DOCTYPE' | 'ENTITY' };
}

/** Offset of the first character outside the XML 1.0 `Char` production, or -1. */
export function findIllegalCharacter(text: string): number {
  const match = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.exec(text);
  return match ? match.index : -1;
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/**
 * Checks every `&` outside comments, CDATA sections and processing instructions: only `&lt;` `&gt;`
 * `&amp;` `&quot;` `&apos;` and character references to legal characters may appear.
 */
export function findBadReference(text: string): { offset: number; message: string } | undefined {
  let i = 0;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 60 /* < */) {
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        i = end < 0 ? text.length : end + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i + 9);
        i = end < 0 ? text.length : end + 3;
        continue;
      }
      if (text.startsWith('<?', i)) {
        const end = text.indexOf('?>', i + 2);
        i = end < 0 ? text.length : end + 2;
        continue;
      }
    } else if (ch === 38 /* & */) {
      const semi = text.indexOf(';', i + 1);
      const body = semi < 0 ? '' : text.slice(i + 1, semi);
      if (semi < 0 || semi - i > 40) {
        return { offset: i, message: "'&' must start an entity or character reference (write &amp;)" };
      }
      if (body.startsWith('#')) {
        const code = /^#x[0-9A-Fa-f]+$/.test(body)
          ? parseInt(body.slice(2), 16)
          : /^#[0-9]+$/.test(body)
            ? parseInt(body.slice(1), 10)
            : NaN;
        if (!isXmlChar(code)) {
          return { offset: i, message: `character reference &${body}; does not name a legal XML character` };
        }
      } else if (!Object.prototype.hasOwnProperty.call(PREDEFINED_ENTITIES, body)) {
        return {
          offset: i,
          message: /^[A-Za-z_:][\w.:-]*$/.test(body)
            ? `undeclared entity &${body}; (only the five predefined XML entities are allowed)`
            : "'&' must start an entity or character reference (write &amp;)",
        };
      }
      i = semi + 1;
      continue;
    }
    i++;
  }
  return undefined;
}

/** Decodes the predefined entities and character references (input already checked by findBadReference). */
export function decodeReferences(raw: string): string {
  if (raw.indexOf('&') < 0) return raw;
  return raw.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_whole, body: string) => {
    if (body.startsWith('#x')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    return PREDEFINED_ENTITIES[body];
  });
}

type OrderedEntry = Record<string, unknown> & { ':@'?: Record<string, unknown> };

const METADATA = XMLParser.getMetaDataSymbol() as unknown as symbol;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  cdataPropName: '#cdata',
  captureMetaData: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/**
 * Parses decoded XML text (BOM already removed). Every problem comes back with line and column.
 */
export function parseXml(text: string): XmlParseResult {
  const lines = new LineIndex(text);
  const at = (offset: number, message: string): XmlParseResult => ({
    ok: false,
    errors: [{ message, ...lines.locate(offset) }],
  });

  const forbidden = findForbiddenDeclaration(text);
  if (forbidden) {
    return at(
      forbidden.offset,
      forbidden.kind === 'DOCTYPE'
        ? 'document type declarations (<!DOCTYPE>) are not allowed in CAP; the document was rejected unparsed'
        : 'entity declarations (<!ENTITY>) are not allowed in CAP; the document was rejected unparsed',
    );
  }
  const illegal = findIllegalCharacter(text);
  if (illegal >= 0) {
    const code = text.codePointAt(illegal) ?? 0;
    return at(
      illegal,
      `character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`,
    );
  }
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    return { ok: false, errors: [{ message: `XML is not well-formed: ${msg}`, line, column: col }] };
  }
  const badReference = findBadReference(text);
  if (badReference) {
    return at(badReference.offset, `XML is not well-formed: ${badReference.message}`);
  }

  let entries: OrderedEntry[];
  try {
    entries = parser.parse(text) as OrderedEntry[];
  } catch (error) {
    return { ok: false, errors: [{ message: `XML could not be parsed: ${(error as Error).message}` }] };
  }

  const roots: XmlElement[] = [];
  const errors: XmlProblem[] = [];
  const build = (entry: OrderedEntry, key: string, scope: ReadonlyMap<string, string>): XmlElement => {
    const start =
      ((entry as Record<symbol, unknown>)[METADATA] as { startIndex?: number } | undefined)?.startIndex ?? 0;
    const rawAttributes = entry[':@'] ?? {};
    const attributes: Record<string, string> = {};
    let inner: Map<string, string> | undefined;
    for (const [name, value] of Object.entries(rawAttributes)) {
      const attribute = name.startsWith('@_') ? name.slice(2) : name;
      const decoded = decodeReferences(String(value));
      attributes[attribute] = decoded;
      if (attribute === 'xmlns' || attribute.startsWith('xmlns:')) {
        inner ??= new Map(scope);
        inner.set(attribute === 'xmlns' ? '' : attribute.slice(6), decoded);
      }
    }
    const elementScope = inner ?? scope;
    const colon = key.indexOf(':');
    const prefix = colon < 0 ? '' : key.slice(0, colon);
    const local = colon < 0 ? key : key.slice(colon + 1);
    let ns = elementScope.get(prefix);
    if (ns === undefined) {
      if (prefix === 'xml') ns = XML_NAMESPACE;
      else {
        errors.push({
          message: `namespace prefix "${prefix}" of <${key}> is not declared`,
          ...lines.locate(start),
        });
        ns = '';
      }
    }
    const element: XmlElement = { qname: key, local, ns, attributes, children: [], text: '', start };
    const content = entry[key];
    if (Array.isArray(content)) {
      for (const child of content as OrderedEntry[]) {
        const childKey = entryKey(child);
        if (childKey === undefined) continue;
        if (childKey === '#text') element.text += decodeReferences(String(child[childKey]));
        else if (childKey === '#cdata') element.text += cdataText(child[childKey]);
        else if (childKey.startsWith('?')) continue;
        else element.children.push(build(child, childKey, elementScope));
      }
    }
    return element;
  };

  const topScope = new Map<string, string>([['', '']]);
  for (const entry of entries) {
    const key = entryKey(entry);
    if (key === undefined || key === '#text' || key.startsWith('?')) continue;
    if (key === '#cdata') {
      errors.push({ message: 'XML is not well-formed: CDATA outside the root element' });
      continue;
    }
    roots.push(build(entry, key, topScope));
  }
  if (roots.length === 0) {
    return { ok: false, errors: [{ message: 'XML is not well-formed: no root element' }] };
  }
  if (roots.length > 1) {
    errors.push({
      message: `XML is not well-formed: more than one root element (<${roots[0].qname}> and <${roots[1].qname}>)`,
      ...lines.locate(roots[1].start),
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, root: roots[0] };
}

function entryKey(entry: OrderedEntry): string | undefined {
  return Object.keys(entry).find((key) => key !== ':@');
}

function cdataText(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value.map((part: Record<string, unknown>) => String(part['#text'] ?? '')).join('');
}
