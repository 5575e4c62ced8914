import { Controller, Get, Header, Type } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ApiDoc } from './api-doc.decorator';
import { apiDocsPage } from './api-docs-page';
import { asyncApiDocument } from './asyncapi-document';
import { API_INFO, openApiDocument } from './openapi-document';
import { catalogueRoutes } from './route-catalogue';

/**
 * 接口文档: this app's own routes as OpenAPI 3.1, the Kafka topics as AsyncAPI 3, and a page for people.
 * Built once, at the first request, from the controllers this app registered (so each app documents
 * what it serves) and the event contracts.
 */
@Controller('api/docs')
export class ApiDocsController {
  private documents?: { openApi: Record<string, unknown>; asyncApi: Record<string, unknown>; page: string };

  constructor(private readonly discovery: DiscoveryService) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiDoc({
    summary: '接口文档页面 the API documentation, to read in a browser',
    success: { description: 'an HTML page with no external assets', contentTypes: ['text/html'] },
  })
  page(): string {
    return this.built().page;
  }

  @Get('openapi.json')
  @ApiDoc({ summary: 'OpenAPI 3.1 文档 this document: every route of this app' })
  openApi(): Record<string, unknown> {
    return this.built().openApi;
  }

  @Get('asyncapi.json')
  @ApiDoc({ summary: 'AsyncAPI 3 文档 the Kafka topics and their events' })
  asyncApi(): Record<string, unknown> {
    return this.built().asyncApi;
  }

  private built() {
    if (!this.documents) {
      const controllers = this.discovery
        .getControllers()
        .map((wrapper) => wrapper.metatype)
        .filter((metatype): metatype is Type<unknown> => typeof metatype === 'function');
      const openApi = openApiDocument(catalogueRoutes([...new Set(controllers)]));
      const asyncApi = asyncApiDocument(API_INFO);
      this.documents = { openApi, asyncApi, page: apiDocsPage(openApi, asyncApi) };
    }
    return this.documents;
  }
}
