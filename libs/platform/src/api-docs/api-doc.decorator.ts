import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

/** How a caller proves who they are, as OpenAPI security schemes (see `SECURITY_SCHEMES`). */
export type ApiSecurityScheme = 'bearerAuth' | 'apiKey' | 'accessTokenQuery';

/** A request body that is not JSON (CAP XML): described, not schema-checked by zod. */
export interface OpaqueBody {
  contentTypes: string[];
  description: string;
}

/** A response other than the route's own success (errors share the `Error` body). */
export type ResponseNotes = Record<number, string>;

/**
 * What the OpenAPI document says about one route beyond what Nest already knows (method, path, status,
 * guards, path parameters). `query` and `body` are the very zod schemas the handler validates with.
 */
export interface ApiDocOptions {
  summary: string;
  description?: string;
  /** The zod object the handler parses the query string with; each property is one parameter. */
  query?: z.ZodType;
  /** The zod schema the handler (or its command) validates the JSON body with, or a non-JSON body. */
  body?: z.ZodType | OpaqueBody;
  /** Request headers that change the answer (If-Match, Last-Event-ID). */
  headers?: { name: string; required?: boolean; description: string }[];
  /** The success answer's description and media types when not JSON (text/html, text/csv, text/event-stream). */
  success?: { description: string; contentTypes?: string[] };
  /** The refusals a client should expect, by status. */
  errors?: ResponseNotes;
  /** Overrides the guards' schemes, for a route that checks credentials itself (the event stream). */
  security?: ApiSecurityScheme[];
}

export const API_DOC = 'erp:api-doc';
export const API_SECURITY = 'erp:api-security';

/** Documents a route in `/api/docs/openapi.json`. */
export const ApiDoc = (options: ApiDocOptions) => SetMetadata(API_DOC, options);

/** Put on a guard: the routes it guards need this scheme. */
export const ApiSecurity = (scheme: ApiSecurityScheme) => SetMetadata(API_SECURITY, scheme);
