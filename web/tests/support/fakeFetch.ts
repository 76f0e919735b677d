import type { FetchLike } from '@/api/http';

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * A scripted fetch for client-layer tests: each call records the request and answers with the
 * next scripted response (or rejects, to simulate the network).
 */
export function fakeFetch(...answers: ((request: RecordedRequest, init?: RequestInit) => Response | Promise<Response>)[]) {
  const requests: RecordedRequest[] = [];
  const fetch: FetchLike = async (url, init) => {
    const request: RecordedRequest = {
      url,
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string> | undefined) },
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected request ${request.method} ${url}`);
    return answer(request, init);
  };
  return { fetch, requests };
}

export function json(status: number, body: unknown, contentType = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
}

export function problem(status: number, body: Record<string, unknown>): Response {
  return json(status, body, 'application/problem+json; charset=utf-8');
}

/**
 * A fetch answering by method and path (without the query), for pages that make several calls
 * in an order that is not the point of the test. Unrouted requests fail the test.
 */
export function routedFetch(routes: Record<string, (request: RecordedRequest) => Response | Promise<Response>>) {
  const requests: RecordedRequest[] = [];
  const fetch: FetchLike = async (url, init) => {
    const request: RecordedRequest = {
      url,
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string> | undefined) },
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    const route = routes[`${request.method} ${url.split('?')[0]}`];
    if (!route) throw new Error(`unexpected request ${request.method} ${url}`);
    return route(request);
  };
  return { fetch, requests };
}
