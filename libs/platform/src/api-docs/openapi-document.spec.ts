import 'reflect-metadata';
import {
  Body,
  CanActivate,
  Controller,
  Get,
  HttpCode,
  Injectable,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { z } from 'zod';
import { ApiDoc, ApiSecurity } from './api-doc.decorator';
import { openApiDocument } from './openapi-document';
import { catalogueRoutes } from './route-catalogue';

@Injectable()
@ApiSecurity('bearerAuth')
class TokenGuard implements CanActivate {
  canActivate = () => true;
}

type Node = { name: string; children: Node[] };
const NodeSchema: z.ZodType<Node> = z.lazy(() =>
  z.object({ name: z.string(), children: z.array(NodeSchema) }),
);
const QuerySchema = z.strictObject({
  status: z.enum(['open', 'all']).default('all'),
  from: z.iso.datetime({ offset: true }).transform((v) => new Date(v)),
  note: z.string().optional().meta({ description: 'free text' }),
});

@Controller('api/v1/things')
@UseGuards(TokenGuard)
class ThingsController {
  @Get()
  @ApiDoc({ summary: 'things', query: QuerySchema })
  list(@Query() _query: unknown) {}

  @Post(':id/tree')
  @HttpCode(200)
  @ApiDoc({ summary: 'a tree', body: NodeSchema, errors: { 409: 'taken' } })
  tree(@Param('id', new ParseUUIDPipe()) _id: string, @Param('other') _o: string, @Body() _b: unknown) {}

  @Post(['a/:name', 'b/:name'])
  undocumented(@Param('name') _name: string) {}
}

describe('the OpenAPI document of a controller', () => {
  const routes = catalogueRoutes([ThingsController]);
  const doc = openApiDocument(routes) as any;

  it('takes method, path, status, guards and uuid parameters from Nest', () => {
    expect(routes.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'get /api/v1/things 200',
      'post /api/v1/things/:id/tree 200',
      'post /api/v1/things/a/:name 201',
      'post /api/v1/things/b/:name 201',
    ]);
    const tree = doc.paths['/api/v1/things/{id}/tree'].post;
    expect(tree.security).toEqual([{ bearerAuth: [] }]);
    expect(tree.parameters[0]).toEqual({
      name: 'id',
      in: 'path',
      required: true,
      schema: { type: 'string', format: 'uuid' },
    });
    expect(doc.components.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ scheme: 'bearer' }),
    });
    expect(Object.keys(tree.responses)).toEqual(['200', '400', '401', '409']);
  });

  it('turns the query schema into parameters, as a client sends them', () => {
    const params = doc.paths['/api/v1/things'].get.parameters;
    expect(params).toEqual([
      {
        name: 'status',
        in: 'query',
        required: false,
        schema: { default: 'all', type: 'string', enum: ['open', 'all'] },
      },
      { name: 'from', in: 'query', required: true, schema: expect.objectContaining({ format: 'date-time' }) },
      { name: 'note', in: 'query', required: false, description: 'free text', schema: { type: 'string' } },
    ]);
  });

  it("moves a recursive schema's definitions into components, refs and all", () => {
    const body = doc.paths['/api/v1/things/{id}/tree'].post.requestBody.content['application/json'].schema;
    const refs = JSON.stringify(body).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const name = /#\/components\/schemas\/(.+)"/.exec(ref)![1];
      expect(doc.components.schemas[name]).toBeDefined();
    }
  });

  it('lists an undocumented route without a summary (the e2e test refuses that)', () => {
    const op = doc.paths['/api/v1/things/a/{name}'].post;
    expect(op.summary).toBeUndefined();
    expect(op.operationId).not.toBe(doc.paths['/api/v1/things/b/{name}'].post.operationId);
  });
});
