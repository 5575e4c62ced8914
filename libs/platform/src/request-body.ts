import { z } from 'zod';
import { fieldErrors } from '@erp/contracts';
import { RequestRejected } from './domain-error.filter';

/** Validates a request body against a schema; a 400 names every failing field by JSON pointer. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? null);
  if (!result.success) {
    const fields = fieldErrors(result.error);
    throw new RequestRejected(
      400,
      'REQUEST.INVALID',
      `请求无效 invalid request: ${fields.map((f) => f.pointer).join(', ')}`,
      fields,
    );
  }
  return result.data;
}
