export * from './console-site.module';
export * from './site-routes';
