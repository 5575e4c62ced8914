import { createHmac } from 'node:crypto';
import { DomainError } from '../shared/domain-error';
import {
  retryDelayMs,
  validateWebhookRegistration,
  verifyWebhookSignature,
  webhookSignature,
} from './webhook';

const GOOD = { url: 'https://sms.example.cn/hook', events: ['TaskDispatched'], secret: 's'.repeat(16) };

function errorsOf(body: unknown): string[] {
  try {
    validateWebhookRegistration(body);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('WEBHOOK.INVALID');
    return ((e as DomainError).details!.errors as { pointer: string }[]).map((x) => x.pointer);
  }
  throw new Error('accepted');
}

describe('webhook registration', () => {
  it('accepts an http(s) URL, known events and a long enough secret', () => {
    expect(validateWebhookRegistration(GOOD)).toEqual(GOOD);
    expect(validateWebhookRegistration({ ...GOOD, url: 'http://127.0.0.1:8080/x?k=1' }).url).toBe(
      'http://127.0.0.1:8080/x?k=1',
    );
  });

  it('lists every error at once', () => {
    expect(
      errorsOf({
        url: 'ftp://x',
        events: ['Nope', 'TaskDispatched', 'TaskDispatched'],
        secret: 'short',
        x: 1,
      }),
    ).toEqual(['/x', '/url', '/events/0', '/events/2', '/secret']);
  });

  it.each([
    ['not a URL', { ...GOOD, url: 'sms.example.cn/hook' }, '/url'],
    ['credentials in the URL', { ...GOOD, url: 'https://u:p@sms.example.cn/' }, '/url'],
    ['a fragment', { ...GOOD, url: 'https://sms.example.cn/#x' }, '/url'],
    ['no events', { ...GOOD, events: [] }, '/events'],
    ['events not a list', { ...GOOD, events: 'TaskDispatched' }, '/events'],
    ['no secret', { url: GOOD.url, events: GOOD.events }, '/secret'],
    ['a number for a URL', { ...GOOD, url: 42 }, '/url'],
  ])('refuses %s', (_what, body, pointer) => {
    expect(errorsOf(body)).toEqual([pointer]);
  });

  it('refuses what is not an object', () => {
    expect(errorsOf(null)).toEqual(['/']);
    expect(errorsOf([GOOD])).toEqual(['/']);
  });
});

describe('delivery signature and backoff', () => {
  it('signs the raw body with HMAC-SHA256 as sha256=<hex>, and a receiver verifies it', () => {
    const body = '{"eventId":"e","text":"通知"}';
    const expected = createHmac('sha256', 'secret-0123456789').update(body).digest('hex');
    expect(webhookSignature(body, 'secret-0123456789')).toBe(`sha256=${expected}`);
    expect(verifyWebhookSignature(body, 'secret-0123456789', `sha256=${expected}`)).toBe(true);
    expect(verifyWebhookSignature(body + ' ', 'secret-0123456789', `sha256=${expected}`)).toBe(false);
    expect(verifyWebhookSignature(body, 'other-secret-0123', `sha256=${expected}`)).toBe(false);
    expect(verifyWebhookSignature(body, 'secret-0123456789', 'sha256=00')).toBe(false);
  });

  it('doubles the wait after each failed attempt, up to an hour', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1000))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(40, 1000)).toBe(3_600_000);
  });
});
