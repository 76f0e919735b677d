import { describe, expect, it } from 'vitest';
import { EventStreamParser, openEventStream, type ServerSentEvent, type StreamState } from '@/api/sse';
import { fakeFetch } from '../support/fakeFetch';

function stream(chunks: string[], status = 200): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status, headers: { 'Content-Type': 'text/event-stream' } });
}

describe('event-stream parser', () => {
  it('parses event, multi-line data, id and retry; ignores comments; handles CRLF and split chunks', () => {
    const events: ServerSentEvent[] = [];
    const parser = new EventStreamParser((e) => events.push(e));
    parser.push(': keep-alive\r\nevent: lead.assigned\r\nid: 41\r\ndata: {"a":');
    parser.push('1}\r\ndata: second line\r\n\r\ndata: plain\n\nretry: 2500\nid: 42\n\n');
    expect(events).toEqual([
      { type: 'lead.assigned', data: '{"a":1}\nsecond line', lastEventId: '41' },
      { type: 'message', data: 'plain', lastEventId: '41' },
    ]);
    expect(parser.lastEventId).toBe('42');
    expect(parser.retryMs).toBe(2500);
  });

  it('does not dispatch an event until its blank line arrives', () => {
    const events: ServerSentEvent[] = [];
    const parser = new EventStreamParser((e) => events.push(e));
    parser.push('data: half');
    expect(events).toEqual([]);
    parser.push('\r');
    parser.push('\n\r\n');
    expect(events.map((e) => e.data)).toEqual(['half']);
  });
});

describe('openEventStream', () => {
  it('reconnects after the stream drops and sends Last-Event-ID and the bearer token', async () => {
    const { fetch, requests } = fakeFetch(
      () => stream(['id: 7\ndata: one\n\n']),
      () => stream(['id: 8\ndata: two\n\n']),
      () => new Response(null, { status: 204 }),
    );
    const events: string[] = [];
    const states: StreamState[] = [];
    const delays: number[] = [];
    await new Promise<void>((resolve) => {
      openEventStream('/api/v1/leads/board/stream', {
        fetch,
        getToken: () => 'tok',
        onEvent: (e) => events.push(e.data),
        onStateChange: (state) => {
          states.push(state);
          if (state === 'closed') resolve();
        },
        sleep: async (ms) => {
          delays.push(ms);
        },
      });
    });
    expect(events).toEqual(['one', 'two']);
    expect(requests.map((r) => r.headers['Last-Event-ID'])).toEqual([undefined, '7', '8']);
    expect(requests.every((r) => r.headers.Authorization === 'Bearer tok')).toBe(true);
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open', 'reconnecting', 'closed']);
    expect(delays).toEqual([1000, 1000]); // a successful connection resets the back-off
  });

  it('backs off exponentially while the gateway is down, honouring the cap', async () => {
    const { fetch } = fakeFetch(
      () => Promise.reject(new TypeError('refused')),
      () => new Response('busy', { status: 503 }),
      () => Promise.reject(new TypeError('refused')),
      () => new Response(null, { status: 204 }),
    );
    const delays: number[] = [];
    await new Promise<void>((resolve) => {
      openEventStream('/s', {
        fetch,
        onEvent: () => undefined,
        initialRetryMs: 500,
        maxRetryMs: 1500,
        onStateChange: (state) => state === 'closed' && resolve(),
        sleep: async (ms) => {
          delays.push(ms);
        },
      });
    });
    expect(delays).toEqual([500, 1000, 1500]);
  });

  it('stops for good on a non-transient refusal such as 403', async () => {
    const { fetch, requests } = fakeFetch(() => new Response('no', { status: 403 }));
    let closedWith: number | undefined;
    await new Promise<void>((resolve) => {
      openEventStream('/s', {
        fetch,
        onEvent: () => undefined,
        onStateChange: (state, detail) => {
          if (state === 'closed') {
            closedWith = detail?.status;
            resolve();
          }
        },
        sleep: async () => undefined,
      });
    });
    expect(closedWith).toBe(403);
    expect(requests).toHaveLength(1);
  });

  it('resumes from a given id and uses the server-sent retry delay', async () => {
    const { fetch, requests } = fakeFetch(
      () => stream(['retry: 4000\n\n']),
      () => new Response(null, { status: 204 }),
    );
    const delays: number[] = [];
    await new Promise<void>((resolve) => {
      openEventStream('/s', {
        fetch,
        lastEventId: '99',
        onEvent: () => undefined,
        onStateChange: (state) => state === 'closed' && resolve(),
        sleep: async (ms) => {
          delays.push(ms);
        },
      });
    });
    expect(requests[0]!.headers['Last-Event-ID']).toBe('99');
    expect(delays).toEqual([4000]);
  });

  it('close() stops reconnecting', async () => {
    const { fetch, requests } = fakeFetch(() => stream(['data: x\n\n']));
    let resolveSleep: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => {
      const handle = openEventStream('/s', {
        fetch,
        onEvent: () => undefined,
        onStateChange: (state) => state === 'closed' && resolve(),
        sleep: (_ms, signal) =>
          new Promise<void>((r) => {
            resolveSleep = r;
            signal.addEventListener('abort', () => r());
            handle.close();
          }),
      });
    });
    await closed;
    resolveSleep();
    expect(requests).toHaveLength(1);
  });
});
