import { z } from 'zod';
import { ApiSecurityScheme, OpaqueBody } from './api-doc.decorator';
import { jsonSchemaOf, JsonSchema } from './json-schema';
import { RouteDescriptor } from './route-catalogue';

/** Every refusal's body, whatever refused it (the error filter, `ErrorResponseFilter`). */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string().meta({ description: 'stable code, e.g. TASK.ILLEGAL_MOVE' }),
    message: z.string().meta({ description: 'Chinese first, then English' }),
    fields: z
      .array(
        z.object({
          pointer: z.string().meta({ description: 'JSON pointer (RFC 6901) into the request' }),
          message: z.string(),
          line: z.number().int().optional(),
          column: z.number().int().optional(),
        }),
      )
      .optional(),
    current: z.string().optional().meta({ description: 'a refused move: where the task stands' }),
    allowed: z.array(z.string()).optional().meta({ description: 'a refused move: the moves open now' }),
    openTasks: z.array(z.unknown()).optional().meta({ description: 'a refused close: the tasks still open' }),
    requestId: z.string().optional().meta({ description: 'a 5xx: the id of its log line' }),
  }),
});

export const SECURITY_SCHEMES: Record<ApiSecurityScheme, JsonSchema> = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'POST /api/v1/auth/login 返回的令牌 the access token from sign-in',
  },
  apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: '报警源密钥 an alarm source key' },
  accessTokenQuery: {
    type: 'apiKey',
    in: 'query',
    name: 'access_token',
    description: 'the access token in the query string (EventSource cannot send headers; this route only)',
  },
};

/** The document's `info`: the API's own version, not the package's. */
export const API_INFO = {
  title: '应急指挥调度平台 API · District incident-response orchestrator',
  version: '1.0.0',
  description:
    '巴州区应急管理: alarms → incidents → tiered dispatch → deadlines and escalation → audited timeline. ' +
    'Every refusal is `{error: {code, message, fields?}}` (see the `Error` schema). ' +
    'Generated from the zod schemas that validate each request.',
};

const REF_PREFIX = '#/components/schemas/';

/**
 * The OpenAPI 3.1 document of the given routes: paths from Nest's own routing metadata, request schemas
 * converted from the zod schemas the handlers validate with, security from the guards.
 */
export function openApiDocument(routes: RouteDescriptor[]): Record<string, unknown> {
  const schemas: Record<string, JsonSchema> = {};
  const convert = (schema: z.ZodType, namePrefix: string) =>
    jsonSchemaOf(schema, {
      io: 'input',
      target: 'draft-2020-12',
      refPrefix: REF_PREFIX,
      definitions: schemas,
      namePrefix,
    });
  schemas.Error = convert(ErrorBodySchema, 'Error');

  const paths: Record<string, Record<string, unknown>> = {};
  const usedSchemes = new Set<ApiSecurityScheme>();
  const operationIds = new Set<string>();
  for (const route of [...routes].sort(byPathThenMethod)) {
    const doc = route.doc;
    const operationId = uniqueId(
      `${lowerFirst(route.controller.replace(/Controller$/, ''))}.${route.handler}`,
      operationIds,
    );
    const parameters: Record<string, unknown>[] = route.pathParams.map(({ name, uuid }) => ({
      name,
      in: 'path',
      required: true,
      schema: uuid ? { type: 'string', format: 'uuid' } : { type: 'string' },
    }));
    if (doc?.query) parameters.push(...queryParameters(convert(doc.query, pascal(operationId))));
    for (const header of doc?.headers ?? []) {
      parameters.push({
        name: header.name,
        in: 'header',
        required: header.required ?? false,
        description: header.description,
        schema: { type: 'string' },
      });
    }
    const responses: Record<string, unknown> = {
      [route.status]: {
        description: doc?.success?.description ?? 'OK',
        ...(doc?.success?.contentTypes
          ? {
              content: Object.fromEntries(
                doc.success.contentTypes.map((t) => [t, { schema: { type: 'string' } }]),
              ),
            }
          : {}),
      },
    };
    const refusals: Record<number, string> = {};
    if (doc?.query || doc?.body)
      refusals[400] = '请求无效 the request fails its schema: `fields` names each failure';
    if (route.security.length > 0) refusals[401] = '未登录或凭据无效 missing or invalid credentials';
    Object.assign(refusals, doc?.errors ?? {});
    for (const [status, description] of Object.entries(refusals)) {
      responses[status] = {
        description,
        content: { 'application/json': { schema: { $ref: `${REF_PREFIX}Error` } } },
      };
    }
    const operation: Record<string, unknown> = {
      operationId,
      summary: doc?.summary,
      ...(doc?.description ? { description: doc.description } : {}),
      tags: [tagOf(route.path)],
      ...(parameters.length ? { parameters } : {}),
      ...(doc?.body
        ? { requestBody: requestBody(doc.body, (s) => convert(s, `${pascal(operationId)}Body`)) }
        : {}),
      responses,
      ...(route.security.length ? { security: route.security.map((s) => ({ [s]: [] })) } : {}),
    };
    route.security.forEach((s) => usedSchemes.add(s));
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: API_INFO,
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    paths,
    components: {
      schemas,
      securitySchemes: Object.fromEntries(
        Object.entries(SECURITY_SCHEMES).filter(([name]) => usedSchemes.has(name as ApiSecurityScheme)),
      ),
    },
  };
}

function requestBody(
  body: z.ZodType | OpaqueBody,
  convert: (s: z.ZodType) => JsonSchema,
): Record<string, unknown> {
  if (body instanceof z.ZodType) {
    return { required: true, content: { 'application/json': { schema: convert(body) } } };
  }
  return {
    required: true,
    description: body.description,
    content: Object.fromEntries(body.contentTypes.map((t) => [t, { schema: { type: 'string' } }])),
  };
}

/** A query object's properties, one parameter each (its description lifted to the parameter). */
function queryParameters(schema: JsonSchema): Record<string, unknown>[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: 'query',
      required: required.has(name) && !('default' in property),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

/** `/api/v1/tasks/...` → `tasks`; `/health` → `health`; `/api/docs/...` → `docs`. */
function tagOf(path: string): string {
  const segments = path.split('/').filter(Boolean);
  if (segments[0] !== 'api') return segments[0] ?? 'root';
  return /^v\d+$/.test(segments[1] ?? '') ? (segments[2] ?? 'api') : (segments[1] ?? 'api');
}

function byPathThenMethod(a: RouteDescriptor, b: RouteDescriptor): number {
  return a.path === b.path ? a.method.localeCompare(b.method) : a.path.localeCompare(b.path);
}

function uniqueId(id: string, taken: Set<string>): string {
  let candidate = id;
  for (let n = 2; taken.has(candidate); n++) candidate = `${id}${n}`;
  taken.add(candidate);
  return candidate;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const pascal = (id: string) =>
  id
    .split('.')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
