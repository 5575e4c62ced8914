import { Parser as AsyncApiParser } from '@asyncapi/parser';
import { compileErrors, validate as validateOpenApi } from '@readme/openapi-parser';
import { DiscoveryService } from '@nestjs/core';
import type { Type } from '@nestjs/common';
import { ALL_TOPICS, EventPayloads } from '@erp/contracts';
import { DispatchModule } from '@erp/dispatch';
import { catalogueRoutes, RunningService } from '@erp/platform';
import { SINGLE_NODE } from '../../apps/single-node/src/single-node';
import { startTestService } from '../support/product';
import { createTestDatabase, TestDatabase } from '../support/services';

/**
 * The API documents as an integrator meets them: served by the product (every context, as `npm start`
 * composes it), checked by the official parsers, and complete: every route the running app registers
 * with Express is in the OpenAPI document, and nothing else is.
 */
describe('API documents (/api/docs)', () => {
  let db: TestDatabase;
  let node: RunningService;
  let openApi: any;
  let asyncApi: any;
  let page: { status: number; type: string | null; html: string };

  beforeAll(async () => {
    db = await createTestDatabase('erp_e2e_apidocs');
    node = await startTestService('api-docs', { DATABASE_URL: db.url }, SINGLE_NODE.contexts, {
      relay: true,
      timers: true,
    });
    openApi = await (await fetch(`${node.url}/api/docs/openapi.json`)).json();
    asyncApi = await (await fetch(`${node.url}/api/docs/asyncapi.json`)).json();
    // Fetched now: after the AsyncAPI parser's seconds of work, fetch's idle socket may already be closed.
    const res = await fetch(`${node.url}/api/docs`);
    page = { status: res.status, type: res.headers.get('content-type'), html: await res.text() };
  }, 90_000);

  afterAll(async () => {
    await node?.stop();
    await db?.drop();
  }, 60_000);

  /**
   * What Express itself routes: method and path of every route layer. Middleware has no route, except
   * what Nest's MiddlewareConsumer binds for every path (nestjs-pino's request context): a route layer per
   * method on `/{*path}`, which is no endpoint.
   */
  function registeredRoutes(service: RunningService): string[] {
    const express = service.app.getHttpAdapter().getInstance();
    const stack: any[] = (express.router ?? express._router).stack;
    return stack
      .filter((layer) => layer.route && layer.route.path !== '/{*path}')
      .flatMap((layer) =>
        Object.keys(layer.route.methods)
          .filter((m) => m !== '_all')
          .map((m) => `${m.toUpperCase()} ${layer.route.path}`),
      )
      .sort();
  }

  function documentedRoutes(doc: any): string[] {
    return Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      )
      .sort();
  }

  it('OpenAPI 3.1 that the official parser accepts', async () => {
    expect(openApi.openapi).toBe('3.1.0');
    const result = await validateOpenApi(structuredClone(openApi));
    if (!result.valid) throw new Error(compileErrors(result));
    expect(result.valid).toBe(true);
  });

  it('documents every route the running single node registers, and only those', () => {
    const registered = registeredRoutes(node);
    expect(registered.length).toBeGreaterThan(30);
    expect(registered).toContain('POST /api/v1/tasks/:id/acknowledge');
    expect(documentedRoutes(openApi)).toEqual(registered);
  });

  it('describes each operation: a summary, security from the guards, the schemas that validate', () => {
    // Every operation has its summary: a route without @ApiDoc is named here.
    const undocumented = Object.entries(openApi.paths as Record<string, Record<string, any>>).flatMap(
      ([path, methods]) =>
        Object.entries(methods)
          .filter(([, op]) => typeof op.summary !== 'string')
          .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(undocumented).toEqual([]);
    // Every handler that reads a body or a query has the schema it validates with in the document.
    const controllers = node.app
      .get(DiscoveryService)
      .getControllers()
      .map((w) => w.metatype as Type<unknown>);
    const schemaless = catalogueRoutes(controllers).flatMap((route) => [
      ...(route.readsBody && !route.doc?.body ? [`${route.method} ${route.path} body`] : []),
      ...(route.readsQuery && !route.doc?.query ? [`${route.method} ${route.path} query`] : []),
    ]);
    expect(schemaless).toEqual([]);

    const decline = openApi.paths['/api/v1/tasks/{id}/decline'].post;
    expect(decline.security).toEqual([{ bearerAuth: [] }]);
    expect(decline.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
    ]);
    const reason = decline.requestBody.content['application/json'].schema;
    expect(reason).toMatchObject({
      type: 'object',
      required: ['reason'],
      additionalProperties: false,
      properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } },
    });
    expect(decline.responses['409'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Error',
    });

    const alarm = openApi.paths['/api/v1/alarms'].post;
    expect(alarm.security).toEqual([{ apiKey: [] }]);
    expect(Object.keys(alarm.responses)).toEqual(expect.arrayContaining(['202', '400', '401']));
    const alarmSchema = alarm.requestBody.content['application/json'].schema;
    expect(alarmSchema.required).toEqual(['source', 'externalId', 'type', 'occurredAt', 'description']);
    expect(alarmSchema.properties.occurredAt.format).toBe('date-time');
    const batchItems =
      openApi.paths['/api/v1/alarms/batch'].post.requestBody.content['application/json'].schema.properties
        .alarms;
    expect(batchItems).toMatchObject({ type: 'array', minItems: 1, maxItems: 500 });
    expect(batchItems.items.properties).toEqual(alarmSchema.properties);

    const incidents = openApi.paths['/api/v1/incidents'].get.parameters;
    expect(incidents.find((p: any) => p.name === 'tier')).toMatchObject({
      in: 'query',
      required: false,
      schema: { enum: ['T1_MINOR', 'T2_GENERAL', 'T3_MAJOR'] },
    });
    expect(incidents.find((p: any) => p.name === 'limit').schema).toMatchObject({
      default: 50,
      maximum: 200,
    });
    const report = openApi.paths['/api/v1/reports/response-times'].get.parameters;
    expect(report.filter((p: any) => p.required).map((p: any) => p.name)).toEqual(['from', 'to']);

    expect(openApi.paths['/api/v1/stream'].get.security).toEqual([
      { bearerAuth: [] },
      { accessTokenQuery: [] },
    ]);
    expect(openApi.paths['/api/v1/auth/login'].post.security).toBeUndefined();
    expect(Object.keys(openApi.paths['/api/v1/alarms/cap'].post.requestBody.content)).toContain(
      'application/cap+xml',
    );

    // An upload is multipart, a workbook answers xlsx, and a hand-check turned schema shows what it checks.
    const upload = openApi.paths['/api/v1/imports'].post;
    expect(Object.keys(upload.requestBody.content)).toEqual(['multipart/form-data']);
    expect(upload.parameters.find((p: any) => p.name === 'dryRun').schema.default).toBe('true');
    expect(Object.keys(openApi.paths['/api/v1/exports/district.xlsx'].get.responses['200'].content)).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    const webhook = openApi.paths['/api/v1/webhooks'].post.requestBody.content['application/json'].schema;
    expect(webhook.properties.events).toMatchObject({ uniqueItems: true, minItems: 1 });
    expect(webhook.properties.events.items.enum).toContain('TaskDispatched');
    expect(
      openApi.paths['/api/v1/webhooks/{id}/deliveries'].get.parameters.find((p: any) => p.name === 'limit'),
    ).toMatchObject({ required: false, schema: { default: 100, maximum: 1000 } });
  });

  it('AsyncAPI 3 that the official parser accepts, with every topic and event type', async () => {
    expect(asyncApi.asyncapi).toBe('3.0.0');
    const { document, diagnostics } = await new AsyncApiParser().parse(structuredClone(asyncApi));
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((d) => `${d.path.join('/')}: ${d.message}`)).toEqual([]);
    expect(document).toBeDefined();

    const addresses = document!
      .channels()
      .all()
      .map((c) => c.address());
    expect([...addresses].sort()).toEqual([...ALL_TOPICS].sort());
    const messageIds = document!
      .messages()
      .all()
      .map((m) => m.id());
    for (const type of Object.keys(EventPayloads)) expect(messageIds).toContain(type);

    const dispatched = asyncApi.components.messages.TaskDispatched.payload;
    expect(dispatched.properties.type).toEqual({ type: 'string', const: 'TaskDispatched' });
    expect(dispatched.properties.payload.required).toEqual(expect.arrayContaining(['taskId', 'incidentId']));
    expect(dispatched.required).toEqual(
      expect.arrayContaining(['eventId', 'occurredAt', 'actor', 'payload']),
    );
  });

  it('a page to read at /api/docs: Chinese, every path, nothing fetched from elsewhere', async () => {
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    const { html } = page;
    expect(html).toContain('<html lang="zh-CN">');
    for (const path of Object.keys(openApi.paths)) expect(html).toContain(`<code>${path}</code>`);
    expect(html).toContain('erp.incidents.v1');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/<script/);
  });

  it('every app serves the documents of its own routes (the dispatcher: health, metrics and docs)', async () => {
    const dispatcher = await startTestService(
      'api-docs-dispatcher',
      { DATABASE_URL: db.url },
      [DispatchModule],
      {
        relay: false,
      },
    );
    try {
      const doc: any = await (await fetch(`${dispatcher.url}/api/docs/openapi.json`)).json();
      expect(documentedRoutes(doc)).toEqual(registeredRoutes(dispatcher));
      expect(documentedRoutes(doc)).toEqual([
        'GET /api/docs',
        'GET /api/docs/asyncapi.json',
        'GET /api/docs/openapi.json',
        'GET /health',
        'GET /health/live',
        'GET /health/ready',
        'GET /metrics',
      ]);
      expect((await validateOpenApi(doc)).valid).toBe(true);
    } finally {
      await dispatcher.stop();
    }
  });
});
