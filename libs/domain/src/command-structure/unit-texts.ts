import { z } from 'zod';
import { TEXT_LIMITS, visibleText } from '../shared/visible-text';

/**
 * What an edit may write into a unit's texts: bounded, visible, no control or bidi-override characters.
 * Checked on edits only (reviseUnit), not on the stored structure: a unit written before these rules must
 * still load, or dispatch would stop on it; an edit is held to them in the fields it changes.
 */
export const EDITED_UNIT_TEXTS: Readonly<Record<string, z.ZodType>> = {
  name: visibleText(TEXT_LIMITS.name),
  contact: z.looseObject({ name: visibleText(TEXT_LIMITS.personName) }),
  members: z.array(z.looseObject({ displayName: visibleText(TEXT_LIMITS.personName) })),
  note: visibleText(TEXT_LIMITS.note, { multiline: true }),
};
