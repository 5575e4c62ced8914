import { cacheControlFor, isApiPath, servesPage } from './site-routes';

describe('the console site beside the API', () => {
  it('leaves every API path to the API', () => {
    for (const p of ['/api', '/api/v1/tasks', '/api/v1/stream', '/health', '/health/x', '/metrics']) {
      expect(isApiPath(p)).toBe(true);
      expect(servesPage('GET', p)).toBe(false);
    }
  });

  it("does not mistake the app's own paths for the API's", () => {
    for (const p of ['/', '/apiary', '/healthy', '/metricsx', '/tasks', '/incidents/0b7a4c6e-1', '/map']) {
      expect(isApiPath(p)).toBe(false);
      expect(servesPage('GET', p)).toBe(true);
    }
  });

  it('answers only GET and HEAD with the page, and never a missing file', () => {
    expect(servesPage('HEAD', '/tasks')).toBe(true);
    expect(servesPage('POST', '/tasks')).toBe(false);
    expect(servesPage('GET', '/assets/index-abc123.js')).toBe(false);
    expect(servesPage('GET', '/favicon.ico')).toBe(false);
  });

  it('keeps hashed assets for a year and revalidates everything else', () => {
    expect(cacheControlFor('/assets/index-3f9a1c.js')).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('/index.html')).toBe('no-cache');
    expect(cacheControlFor('/favicon.svg')).toBe('no-cache');
  });
});
