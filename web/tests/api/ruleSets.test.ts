import { describe, expect, it } from 'vitest';
import { createApiClient } from '@/api/http';
import { ApiError } from '@/api/errors';
import { RULE_SET_API_PATH, RULE_SET_DEV_FIXTURE_PATH, loadVisitRecordRuleSet } from '@/api/ruleSets';
import { fakeFetch, json, problem } from '../support/fakeFetch';

describe('visit-record rule set download', () => {
  it('uses the gateway endpoint when it serves the rule set', async () => {
    const { fetch, requests } = fakeFetch(() => json(200, { ruleSetId: 'visit-record', version: 2, documentJson: '{"ruleSetId":"visit-record","version":2}' }));
    const loaded = await loadVisitRecordRuleSet(createApiClient({ fetch }));
    expect(loaded).toEqual({ source: 'api', document: { ruleSetId: 'visit-record', version: 2 } });
    expect(requests.map((r) => r.url)).toEqual([RULE_SET_API_PATH]);
  });

  it('falls back to the dev fixture while the gateway answers 404, and says so', async () => {
    const { fetch, requests } = fakeFetch(
      () => problem(404, { title: 'Not Found', status: 404 }),
      () => json(200, { ruleSetId: 'visit-record', version: 1 }),
    );
    const loaded = await loadVisitRecordRuleSet(createApiClient({ fetch }));
    expect(loaded.source).toBe('devFixture');
    expect(requests.map((r) => r.url)).toEqual([RULE_SET_API_PATH, RULE_SET_DEV_FIXTURE_PATH]);
  });

  it('does not paper over a refusal: 403 is reported', async () => {
    const { fetch } = fakeFetch(() => problem(403, { title: 'Forbidden', status: 403 }));
    const error = await loadVisitRecordRuleSet(createApiClient({ fetch })).catch((e: unknown) => e);
    expect((error as ApiError).kind).toBe('forbidden');
  });

  it('a download whose document is not JSON is a bad response, not a silent fallback', async () => {
    const { fetch } = fakeFetch(() => json(200, { version: 2, documentJson: '{oops' }));
    const error = await loadVisitRecordRuleSet(createApiClient({ fetch })).catch((e: unknown) => e);
    expect((error as ApiError).kind).toBe('badResponse');
  });
});
