import { DomainError } from '@erp/domain';
import type { IncidentCursor } from '@erp/domain';

/** The page cursor travels as base64url JSON, so a client treats it as opaque. */
export function encodeCursor(c: IncidentCursor): string {
  return Buffer.from(JSON.stringify({ t: c.openedAt.toISOString(), id: c.id })).toString('base64url');
}

export function decodeCursor(text: string): IncidentCursor {
  try {
    const { t, id } = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as {
      t: unknown;
      id: unknown;
    };
    const openedAt = new Date(String(t));
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(openedAt.getTime())) throw 0;
    return { openedAt, id };
  } catch {
    throw new DomainError(
      'REQUEST.BAD_CURSOR',
      'invalid',
      '分页游标无效 the cursor is not one this API gave',
      {
        pointer: '/cursor',
      },
    );
  }
}
