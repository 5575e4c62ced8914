/** Thrown while parsing a JSON body that holds U+0000: PostgreSQL can store it in neither text nor jsonb. */
export class NulCharacterRefused extends Error {
  constructor(readonly key: string) {
    super(`text may not contain the NUL character (U+0000)${key ? `, found at "${key}"` : ''}`);
  }
}

/** JSON.parse reviver: refuses U+0000 in any string or key, before anything could be half-written. */
export function refuseNulCharacters(key: string, value: unknown): unknown {
  if (key.includes('\u0000') || (typeof value === 'string' && value.includes('\u0000'))) {
    throw new NulCharacterRefused(key.replace(/\u0000/g, '\\u0000'));
  }
  return value;
}
