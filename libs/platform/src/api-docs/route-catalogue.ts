import { ParseUUIDPipe, RequestMethod, Type } from '@nestjs/common';
import {
  GUARDS_METADATA,
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { API_DOC, API_SECURITY, ApiDocOptions, ApiSecurityScheme } from './api-doc.decorator';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options';

/** One route as Nest registers it, with what the docs add: the raw material of the OpenAPI document. */
export interface RouteDescriptor {
  method: HttpMethod;
  /** As Express matches it: `/api/v1/tasks/:id/acknowledge`. */
  path: string;
  controller: string;
  handler: string;
  /** The success status: `@HttpCode`, else Nest's default (201 for POST, 200 otherwise). */
  status: number;
  security: ApiSecurityScheme[];
  /** Path parameters in order; `uuid` when a ParseUUIDPipe checks it. */
  pathParams: { name: string; uuid: boolean }[];
  readsBody: boolean;
  readsQuery: boolean;
  doc: ApiDocOptions | undefined;
}

const METHODS: Partial<Record<RequestMethod, HttpMethod>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
  [RequestMethod.HEAD]: 'head',
  [RequestMethod.OPTIONS]: 'options',
};

interface RouteArgument {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

/** Every route of the given controllers, read from the metadata Nest routes by. */
export function catalogueRoutes(controllers: Type<unknown>[]): RouteDescriptor[] {
  const routes: RouteDescriptor[] = [];
  for (const controller of controllers) {
    const prefixes = asList(Reflect.getMetadata(PATH_METADATA, controller));
    const classGuards: unknown[] = Reflect.getMetadata(GUARDS_METADATA, controller) ?? [];
    for (const handler of methodNames(controller.prototype)) {
      const fn = controller.prototype[handler];
      const requestMethod: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, fn);
      const paths = Reflect.getMetadata(PATH_METADATA, fn);
      if (requestMethod === undefined || paths === undefined) continue;
      const method = METHODS[requestMethod];
      if (!method)
        throw new Error(`${controller.name}.${handler}: method ${requestMethod} is not documented`);
      const args: Record<string, RouteArgument> =
        Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {};
      const argsOf = (type: RouteParamtypes) =>
        Object.entries(args)
          .filter(([key]) => Number(key.split(':')[0]) === type)
          .map(([, arg]) => arg);
      const uuidParams = new Set(
        argsOf(RouteParamtypes.PARAM)
          .filter((a) => (a.pipes ?? []).some((p) => p === ParseUUIDPipe || p instanceof ParseUUIDPipe))
          .map((a) => String(a.data)),
      );
      const guards = [...classGuards, ...((Reflect.getMetadata(GUARDS_METADATA, fn) as unknown[]) ?? [])];
      const guardSchemes = guards
        .map((g) =>
          Reflect.getMetadata(API_SECURITY, typeof g === 'function' ? g : (g as object).constructor),
        )
        .filter((s): s is ApiSecurityScheme => typeof s === 'string');
      const doc: ApiDocOptions | undefined = Reflect.getMetadata(API_DOC, fn);
      for (const prefix of prefixes) {
        for (const path of asList(paths)) {
          const full = joinPath(prefix, path);
          routes.push({
            method,
            path: full,
            controller: controller.name,
            handler,
            status:
              Reflect.getMetadata(HTTP_CODE_METADATA, fn) ??
              (requestMethod === RequestMethod.POST ? 201 : 200),
            security: doc?.security ?? guardSchemes,
            pathParams: [...full.matchAll(/:(\w+)/g)].map(([, name]) => ({
              name,
              uuid: uuidParams.has(name),
            })),
            readsBody: argsOf(RouteParamtypes.BODY).length > 0,
            readsQuery: argsOf(RouteParamtypes.QUERY).length > 0,
            doc,
          });
        }
      }
    }
  }
  return routes;
}

function asList(value: unknown): string[] {
  if (value === undefined) return ['/'];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

function joinPath(prefix: string, path: string): string {
  const joined = `/${[prefix, path]
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
  return joined;
}

function methodNames(prototype: object): string[] {
  const names = new Set<string>();
  for (let p: object | null = prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) {
      if (name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(p, name)?.value === 'function') {
        names.add(name);
      }
    }
  }
  return [...names];
}
