import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../shared/domain-error';
import {
  retryDelayMs,
  validateWebhookRegistration,
  verifyWebhookSignature,
  warningOfWebhookBody,
  webhookBody,
  WebhookRegistrationSchema,
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
    ['a NUL in the URL', { ...GOOD, url: 'https://sms.example.cn/a\u0000b' }, '/url'],
    ['a space in the URL', { ...GOOD, url: ' https://sms.example.cn/' }, '/url'],
    ['a control character in the secret', { ...GOOD, secret: 's'.repeat(16) + '\u0000' }, '/secret'],
  ])('refuses %s', (_what, body, pointer) => {
    expect(errorsOf(body)).toEqual([pointer]);
  });

  it('says in each error what to fix, Chinese first', () => {
    let details: { errors: { pointer: string; message: string }[] } | undefined;
    try {
      validateWebhookRegistration({ url: '', events: ['Nope'], secret: 1, extra: true });
    } catch (e) {
      details = (e as DomainError).details as typeof details;
    }
    expect(details?.errors).toEqual([
      { pointer: '/extra', message: '未知字段 unknown field' },
      { pointer: '/url', message: '必填 required: a URL' },
      {
        pointer: '/events/0',
        message: expect.stringMatching(/^未知事件 unknown event "Nope"; known: .*TaskDispatched/),
      },
      { pointer: '/secret', message: expect.stringMatching(/^密钥长度须为 16–256 个字符/) },
    ]);
  });

  it('is documented by the schema it validates with: known events, once each', () => {
    const schema = z.toJSONSchema(WebhookRegistrationSchema, { io: 'input' }) as any;
    expect(schema.required).toEqual(['url', 'events', 'secret']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.events).toMatchObject({ minItems: 1, uniqueItems: true });
    expect(schema.properties.events.items.enum).toContain('TaskDispatched');
    expect(schema.properties.secret).toMatchObject({ minLength: 16, maxLength: 256 });
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

  it("reads the warning a delivery tells of from its body, and none from an incident's or a bad body", () => {
    const notice = {
      id: '3f1c2a4e-0000-4000-8000-000000000001',
      event: 'WarningTaskAssigned',
      incidentId: null,
      occurredAt: '2026-12-07T02:00:00.000Z',
      text: '【预警任务】',
      recipients: [],
      facts: { warningId: '3f1c2a4e-0000-4000-8000-0000000000bb' },
    };
    expect(warningOfWebhookBody(webhookBody(notice, 'd-1'))).toBe('3f1c2a4e-0000-4000-8000-0000000000bb');
    expect(warningOfWebhookBody(webhookBody({ ...notice, facts: { unitId: 'u' } }, 'd-2'))).toBeUndefined();
    expect(warningOfWebhookBody('not json')).toBeUndefined();
  });
});
