/**
 * Helpers for this library's specs (not exported from the package): fixture loading and a small builder
 * for crafted CAP documents.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseCapDocument } from './parse-cap';
import { CapAlert, CapError, CapParseOptions, CapParseResult } from './types';

export const CAP12 = 'urn:oasis:names:tc:emergency:cap:1.2';
export const CAP11 = 'urn:oasis:names:tc:emergency:cap:1.1';

export function fixture(name: string): Buffer {
  return readFileSync(join(__dirname, 'fixtures', name));
}

export function expectOk(result: CapParseResult): { alerts: CapAlert[]; envelope: string } {
  if (!result.ok) {
    throw new Error(`expected ok, got errors:\n${result.errors.map((e) => JSON.stringify(e)).join('\n')}`);
  }
  return result;
}

export function expectErrors(result: CapParseResult): CapError[] {
  if (result.ok) throw new Error('expected errors, got ok');
  return result.errors;
}

export function parseOk(input: Buffer | string, options?: CapParseOptions): CapAlert[] {
  return expectOk(parseCapDocument(input, options)).alerts;
}

export function parseErrors(input: Buffer | string, options?: CapParseOptions): CapError[] {
  return expectErrors(parseCapDocument(input, options));
}

const element = (name: string, value: string | undefined): string =>
  value === undefined ? '' : `<${name}>${value}</${name}>`;

/** An `<info>` with valid required fields; override any (undefined drops the element), `extra` appended. */
export function infoXml(fields: Record<string, string | undefined> = {}, extra = ''): string {
  const all: Record<string, string | undefined> = {
    category: 'Met',
    event: 'Test event',
    urgency: 'Expected',
    severity: 'Moderate',
    certainty: 'Likely',
    ...fields,
  };
  return `<info>${Object.entries(all)
    .map(([name, value]) => element(name, value))
    .join('')}${extra}</info>`;
}

export function areaXml(inner: string, areaDesc: string | undefined = 'Test area'): string {
  return `<area>${element('areaDesc', areaDesc)}${inner}</area>`;
}

/**
 * A CAP document with valid required alert fields; override any (undefined drops it). `namespace: null`
 * writes no namespace (mainland profile). `body` goes after the header fields, then the infos.
 */
export function alertXml(
  options: {
    namespace?: string | null;
    fields?: Record<string, string | undefined>;
    body?: string;
    infos?: string[];
    declaration?: string;
  } = {},
): string {
  const fields: Record<string, string | undefined> = {
    identifier: 'TEST-0001',
    sender: 'test@example.org',
    sent: '2024-07-02T06:30:00+08:00',
    status: 'Actual',
    msgType: 'Alert',
    scope: 'Public',
    ...options.fields,
  };
  const namespace = options.namespace === undefined ? CAP12 : options.namespace;
  const open = namespace === null ? '<alert>' : `<alert xmlns="${namespace}">`;
  const declaration = options.declaration ?? '<?xml version="1.0" encoding="UTF-8"?>';
  const header = Object.entries(fields)
    .map(([name, value]) => element(name, value))
    .join('\n  ');
  const infos = (options.infos ?? [infoXml()]).join('\n  ');
  return `${declaration}\n${open}\n  ${header}\n  ${options.body ?? ''}\n  ${infos}\n</alert>\n`;
}
