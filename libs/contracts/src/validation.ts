import { z } from 'zod';

/** One failing field, named by JSON pointer (RFC 6901) so clients can point at it. */
export interface FieldError {
  pointer: string;
  message: string;
}

export function toPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('') || '/';
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ pointer: toPointer(issue.path), message: issue.message }));
}
