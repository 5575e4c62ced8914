import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/**
 * A zod schema as JSON Schema, for a document that embeds it: what a client sends (`input`: before
 * transforms and defaults) or what a consumer receives (`output`). Definitions zod hoists into `$defs`
 * (recursive schemas) move to `definitions`, named `<namePrefix><name>`, and the refs follow them.
 */
export function jsonSchemaOf(
  schema: z.ZodType,
  options: {
    io: 'input' | 'output';
    target: 'draft-2020-12' | 'draft-7';
    refPrefix: string;
    definitions: Record<string, JsonSchema>;
    namePrefix: string;
  },
): JsonSchema {
  const converted = z.toJSONSchema(schema, {
    io: options.io,
    target: options.target,
    unrepresentable: 'any',
  }) as JsonSchema;
  const { $schema: _dialect, $defs, definitions: legacyDefs, ...rest } = converted;
  const defs = {
    ...(($defs ?? {}) as Record<string, JsonSchema>),
    ...((legacyDefs ?? {}) as Record<string, JsonSchema>),
  };
  let selfReferent = false;
  const rename = (ref: string) => {
    if (ref === '#') {
      selfReferent = true;
      return `${options.refPrefix}${options.namePrefix}`;
    }
    const match = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref);
    return match ? `${options.refPrefix}${options.namePrefix}${match[1]}` : ref;
  };
  for (const [name, def] of Object.entries(defs)) {
    options.definitions[`${options.namePrefix}${name}`] = rewriteRefs(def, rename) as JsonSchema;
  }
  const root = rewriteRefs(rest, rename) as JsonSchema;
  if (!selfReferent) return root;
  // A schema that contains itself (`$ref: '#'`) becomes a named definition: '#' would mean the document.
  options.definitions[options.namePrefix] = root;
  return { $ref: `${options.refPrefix}${options.namePrefix}` };
}

function rewriteRefs(value: unknown, rename: (ref: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, rename));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' ? rename(v) : rewriteRefs(v, rename),
    ]),
  );
}
