import { ApiError } from './errors';
import type { ApiClient } from './http';

/**
 * Where the console gets the visit-record rule set (AC-4 "downloadable rule set").
 *
 * 1. ActivitiesService.DownloadRuleSet: GET /api/v1/activities/rule-sets/visit-record:download,
 *    whose `documentJson` is exactly the document the server evaluates.
 * 2. Only when the gateway has no such route (404) or is unreachable: a DEV FIXTURE, `/dev-fixtures/rule-sets/visit-record.json`, which the console's
 *    own build produces from suite 1 of services/Activities/Domain/RuleVectors/rule-vectors.json
 *    (the server's shipped default set, enforced by a server unit test). The gateway serves it
 *    as a static file of web/dist. The page says which source it used.
 */
export const RULE_SET_API_PATH = '/api/v1/activities/rule-sets/visit-record:download';
export const RULE_SET_DEV_FIXTURE_PATH = '/dev-fixtures/rule-sets/visit-record.json';

const FALLBACK_KINDS: readonly string[] = ['notFound', 'network', 'server'];

export type RuleSetSource = 'api' | 'devFixture';

export async function loadVisitRecordRuleSet(client: ApiClient): Promise<{ source: RuleSetSource; document: unknown }> {
  try {
    const response = await client.get<{ documentJson?: string }>(RULE_SET_API_PATH);
    let document: unknown;
    try {
      document = JSON.parse(response.documentJson ?? '');
    } catch (cause) {
      throw new ApiError('badResponse', { status: 200, cause });
    }
    return { source: 'api', document };
  } catch (error) {
    // "Not served (yet)" or "gateway unreachable" falls back to the fixture; anything else
    // (e.g. a 403, a malformed answer) is reported, never papered over.
    if (!(error instanceof ApiError) || !FALLBACK_KINDS.includes(error.kind)) throw error;
  }
  return { source: 'devFixture', document: await client.get<unknown>(RULE_SET_DEV_FIXTURE_PATH) };
}
