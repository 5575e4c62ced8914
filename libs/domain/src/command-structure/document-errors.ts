import type { z } from 'zod';

/** One thing wrong with a document (command structure, response plan), named by JSON pointer (RFC 6901). */
export interface DocumentError {
  pointer: string;
  message: string;
}

export function toPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/**
 * Zod issues as document errors, each under `base` (a pointer prefix such as `/clauses/3`). An unknown key
 * is reported at the key itself, one error per key, so the pointer names what to delete.
 */
export function zodErrors(error: z.ZodError, base = ''): DocumentError[] {
  return error.issues.flatMap((issue) => {
    const at = base + toPointer(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ pointer: at + toPointer([key]), message: `unknown field "${key}"` }));
    }
    return [{ pointer: at || '/', message: issue.message }];
  });
}

/**
 * Zod issues of a small request body as one list: unknown fields first, each at its own pointer with
 * `unknownField` as the message, then every other issue in the schema's order.
 */
export function bodyErrors(error: z.ZodError, unknownField = '未知字段 unknown field'): DocumentError[] {
  const unknownFirst = [...error.issues].sort(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  );
  return unknownFirst.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ pointer: toPointer([...issue.path, key]), message: unknownField }))
      : [{ pointer: toPointer(issue.path) || '/', message: issue.message }],
  );
}
