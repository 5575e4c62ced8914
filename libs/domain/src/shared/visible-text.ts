import { z } from 'zod';

/** Characters that show nothing: spaces, controls, format characters (U+202E…), lone marks, fillers. */
const VISIBLE = /[^\p{White_Space}\p{Cc}\p{Cf}\p{Z}\p{M}\p{Default_Ignorable_Code_Point}]/u;
/** Control characters; in multi-line text, tab and line breaks are allowed. */
const CONTROL = /\p{Cc}/u;
const CONTROL_EXCEPT_LINES = /[^\P{Cc}\t\n\r]/u;
/** Bidirectional overrides, embeddings and isolates: they make a name read differently from what it is. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/** Whether text holds a control character (in multi-line text, tab and line breaks do not count). */
export function hasControlCharacter(text: string, options: { multiline?: boolean } = {}): boolean {
  return (options.multiline ? CONTROL_EXCEPT_LINES : CONTROL).test(text);
}

/** Whether text holds a bidirectional override, embedding or isolate. */
export function hasBidiControl(text: string): boolean {
  return BIDI_CONTROL.test(text);
}

/**
 * Text a person reads as a name or a note: trimmed, at most `maxLength` characters (code points), with at
 * least one visible character, and no control or bidirectional-override character inside.
 */
export function visibleText(maxLength: number, options: { multiline?: boolean } = {}) {
  return z
    .string()
    .trim()
    .min(1, { error: '不能为空 must not be empty', abort: true })
    .refine((s) => s.length <= maxLength * 2 && [...s].length <= maxLength, {
      error: `最多 ${maxLength} 个字符 at most ${maxLength} characters`,
      abort: true,
    })
    .refine((s) => VISIBLE.test(s), {
      error: '须含可见字符 must contain a visible character (not only spaces or format characters)',
      abort: true,
    })
    .refine((s) => !hasControlCharacter(s, options), {
      error: '不能含控制字符 must not contain control characters',
      abort: true,
    })
    .refine((s) => !hasBidiControl(s), {
      error: '不能含双向控制字符 must not contain bidirectional override characters',
      abort: true,
    });
}

/** Limits of the texts of a unit. */
export const TEXT_LIMITS = { name: 100, personName: 50, note: 2000 } as const;
