export * from './api-doc.decorator';
export * from './api-docs.controller';
export * from './asyncapi-document';
export * from './openapi-document';
export * from './route-catalogue';
