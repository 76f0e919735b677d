import { describe, expect, it, vi } from 'vitest';
import { createApiClient } from '@/api/http';
import { ApiError, normalizeFieldName } from '@/api/errors';
import { intakeLead } from '@/api/leads';
import { getLeadIntakeStats, toLeadIntakeStats } from '@/api/insights';
import { fakeFetch, json, problem } from '../support/fakeFetch';

describe('API client', () => {
  it('sends JSON with bearer token and Accept-Language, and parses the JSON answer', async () => {
    const { fetch, requests } = fakeFetch(() => json(200, { leadId: { value: 'a1' }, receivedAt: '2026-11-22T03:00:00Z' }));
    const client = createApiClient({ fetch, getToken: () => 'tok-1', getLocale: () => 'en' });
    const response = await intakeLead(client, { idempotencyKey: 'k1', channel: 'LEAD_CHANNEL_WEB_FORM', phone: '138 0013 8000' });
    expect(response.leadId?.value).toBe('a1');
    expect(requests[0]).toMatchObject({
      url: '/api/v1/leads',
      method: 'POST',
      body: { idempotencyKey: 'k1', channel: 'LEAD_CHANNEL_WEB_FORM', phone: '138 0013 8000' },
    });
    expect(requests[0]!.headers).toMatchObject({ Authorization: 'Bearer tok-1', 'Accept-Language': 'en', 'Content-Type': 'application/json' });
  });

  it('sends no Authorization header while signed out', async () => {
    const { fetch, requests } = fakeFetch(() => json(200, {}));
    await createApiClient({ fetch, getToken: () => null }).get('/api/v1/insights/lead-intake');
    expect(requests[0]!.headers.Authorization).toBeUndefined();
  });

  it('turns problem+json with an errors map into per-field messages', async () => {
    const { fetch } = fakeFetch(() =>
      problem(400, {
        type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
        title: 'One or more validation errors occurred.',
        status: 400,
        errors: { phone: ['电话号码格式不正确'], Email: ['邮箱格式不正确'], product_tags: ['未知产品线'], '': ['至少需要一种联系方式'] },
      }),
    );
    const error = await createApiClient({ fetch })
      .post('/api/v1/leads', {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.kind).toBe('validation');
    expect(apiError.status).toBe(400);
    expect(apiError.messagesFor('phone')).toEqual(['电话号码格式不正确']);
    expect(apiError.messagesFor('email')).toEqual(['邮箱格式不正确']);
    expect(apiError.messagesFor('productTags')).toEqual(['未知产品线']);
    expect(apiError.messagesExcept(['phone', 'email', 'productTags'])).toEqual(['至少需要一种联系方式']);
    expect(apiError.messageKey).toBe('api.errors.validation');
  });

  it('a problem without field errors keeps the server detail', async () => {
    const { fetch } = fakeFetch(() => problem(409, { title: 'Conflict', status: 409, detail: '线索已被认领' }));
    const error = (await createApiClient({ fetch }).post('/x', {}).catch((e: unknown) => e)) as ApiError;
    expect(error.kind).toBe('problem');
    expect(error.message).toBe('线索已被认领');
    expect(error.fieldErrors).toEqual({});
  });

  it.each([
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'notFound'],
    [429, 'rateLimited'],
    [503, 'server'],
    [418, 'http'],
  ])('status %i without a problem document is %s', async (status, kind) => {
    const { fetch } = fakeFetch(() => new Response('nope', { status, headers: { 'Content-Type': 'text/plain' } }));
    const error = (await createApiClient({ fetch }).get('/x').catch((e: unknown) => e)) as ApiError;
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.messageKey).toBe(`api.errors.${kind}`);
  });

  it('tells the app about a 401 so it can ask for sign-in', async () => {
    const onUnauthorized = vi.fn();
    const { fetch } = fakeFetch(() => problem(401, { title: 'Unauthorized', status: 401 }));
    await createApiClient({ fetch, onUnauthorized }).get('/x').catch(() => undefined);
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('maps a refused connection to a network error', async () => {
    const { fetch } = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const error = (await createApiClient({ fetch }).get('/x').catch((e: unknown) => e)) as ApiError;
    expect(error.kind).toBe('network');
    expect(error.messageKey).toBe('api.errors.network');
  });

  it('gives up after the timeout with a timeout error', async () => {
    const { fetch } = fakeFetch(
      (_request, init) =>
        new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
    );
    const error = (await createApiClient({ fetch, timeoutMs: 20 }).get('/slow').catch((e: unknown) => e)) as ApiError;
    expect(error.kind).toBe('timeout');
  });

  it('a cancelled request is "aborted", not a timeout or network failure', async () => {
    const controller = new AbortController();
    const { fetch } = fakeFetch(
      (_request, init) =>
        new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
    );
    const pending = createApiClient({ fetch }).get('/slow', { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    expect(((await pending) as ApiError).kind).toBe('aborted');
  });

  it('a 200 whose body is not JSON is a badResponse', async () => {
    const { fetch } = fakeFetch(() => new Response('<html>index</html>', { status: 200, headers: { 'Content-Type': 'text/html' } }));
    const error = (await createApiClient({ fetch }).get('/x').catch((e: unknown) => e)) as ApiError;
    expect(error.kind).toBe('badResponse');
  });

  it('builds query strings and skips empty values', async () => {
    const { fetch, requests } = fakeFetch(() => json(200, {}));
    await getLeadIntakeStats(createApiClient({ fetch }), { start: '2026-11-01T00:00:00Z' });
    expect(requests[0]!.url).toBe('/api/v1/insights/lead-intake?range.start=2026-11-01T00%3A00%3A00Z');
  });
});

describe('field-name normalization', () => {
  it.each([
    ['product_tags', 'productTags'],
    ['ProductTags', 'productTags'],
    ['$.productTags', 'productTags'],
    ['referred_by.value', 'referredBy.value'],
    ['Referred_by.Value', 'referredBy.value'],
    ['phone', 'phone'],
  ])('%s → %s', (input, expected) => expect(normalizeFieldName(input)).toBe(expected));
});

describe('lead-intake stats mapping (proto3 JSON)', () => {
  it('reads int64 strings, fills absent channels with 0 in protobuf order, keeps unknown channels', () => {
    const stats = toLeadIntakeStats({
      channels: [
        { channel: 'LEAD_CHANNEL_WECHAT', leadCount: '7' },
        { channel: 'LEAD_CHANNEL_WEB_FORM', leadCount: '12' },
        { channel: 'LEAD_CHANNEL_SMOKE_SIGNAL' as never, leadCount: '1' },
      ],
      totalLeads: '20',
      asOf: '2026-11-22T03:00:00Z',
    });
    expect(stats.total).toBe(20);
    expect(stats.asOf?.toISOString()).toBe('2026-11-22T03:00:00.000Z');
    expect(stats.channels.slice(0, 4)).toEqual([
      { channel: 'LEAD_CHANNEL_WEB_FORM', count: 12 },
      { channel: 'LEAD_CHANNEL_HOTLINE_400', count: 0 },
      { channel: 'LEAD_CHANNEL_DOUYIN_DM', count: 0 },
      { channel: 'LEAD_CHANNEL_WECHAT', count: 7 },
    ]);
    expect(stats.channels).toHaveLength(9);
    expect(stats.channels[8]).toEqual({ channel: 'LEAD_CHANNEL_SMOKE_SIGNAL', count: 1 });
  });

  it('an empty response (nothing counted yet) is all zeros without a timestamp', () => {
    const stats = toLeadIntakeStats({});
    expect(stats.total).toBe(0);
    expect(stats.asOf).toBeNull();
    expect(stats.channels.every((c) => c.count === 0)).toBe(true);
  });
});
