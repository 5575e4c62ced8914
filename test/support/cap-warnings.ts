import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A CAP document of the CAP library's fixtures, as text. */
export const capFixture = (name: string) =>
  readFileSync(join(__dirname, '../../libs/cap/src/fixtures', name), 'utf8');

/** An instant in the national platform's form: Beijing time, a space before the time. */
export const beijingTime = (at: Date) =>
  `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')}+08:00`;

/** A national-profile alert with its times moved to now: sent a minute ago, expiring `expiresInMs` from now. */
export function capSentNow(xml: string, expiresInMs: number, identifier?: string): string {
  const sent = beijingTime(new Date(Date.now() - 60_000));
  let out = xml
    .replace(/<sendTime>[^<]*<\/sendTime>/, `<sendTime>${sent}</sendTime>`)
    .replace(/<effective>[^<]*<\/effective>/, `<effective>${sent}</effective>`)
    .replace(
      /<expires>[^<]*<\/expires>/,
      `<expires>${beijingTime(new Date(Date.now() + expiresInMs))}</expires>`,
    );
  if (identifier)
    out = out.replace(/<identifier>[^<]*<\/identifier>/, `<identifier>${identifier}</identifier>`);
  return out;
}
