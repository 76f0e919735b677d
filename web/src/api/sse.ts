import type { FetchLike } from './http';

/**
 * Server-sent events for live screens (the claim board, LR-5 / GW-6).
 *
 * Built on fetch rather than the browser's EventSource because EventSource cannot send an
 * Authorization header (the bearer token would have to go into the URL, and from there into
 * proxy logs). It keeps EventSource's semantics: the text/event-stream format (event, data, id,
 * retry, comments), automatic reconnection, and the Last-Event-ID header on reconnect so the
 * gateway can replay what was missed.
 */

export interface ServerSentEvent {
  /** "message" when the server sent no `event:` line. */
  type: string;
  data: string;
  /** The last event id seen on this stream (empty if none yet). */
  lastEventId: string;
}

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface EventStreamOptions {
  fetch?: FetchLike;
  getToken?: () => string | null;
  onEvent: (event: ServerSentEvent) => void;
  onStateChange?: (state: StreamState, detail?: { attempt: number; delayMs: number; status?: number }) => void;
  /** First reconnect delay; doubled per failed attempt up to maxRetryMs. A `retry:` field overrides it. */
  initialRetryMs?: number;
  maxRetryMs?: number;
  /** Resume after this id (e.g. kept from a previous page visit). */
  lastEventId?: string;
  /** Injected for tests; defaults to setTimeout. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface EventStream {
  close(): void;
  readonly lastEventId: string;
}

/** Parses a text/event-stream incrementally (WHATWG HTML "Interpreting an event stream"). */
export class EventStreamParser {
  private buffer = '';
  private data: string[] = [];
  private eventType = '';
  private pendingId: string | null = null;
  lastEventId = '';
  retryMs: number | null = null;

  constructor(private readonly dispatch: (event: ServerSentEvent) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      // A lone trailing \r may be the first half of \r\n: wait for the next chunk.
      if (!match || (match[0] === '\r' && match.index === this.buffer.length - 1)) return;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      this.flush();
      return;
    }
    if (line.startsWith(':')) return; // comment / keep-alive
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.pendingId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      default:
        break; // unknown fields are ignored
    }
  }

  private flush(): void {
    if (this.pendingId !== null) {
      this.lastEventId = this.pendingId;
      this.pendingId = null;
    }
    if (this.data.length > 0) {
      this.dispatch({ type: this.eventType || 'message', data: this.data.join('\n'), lastEventId: this.lastEventId });
    }
    this.data = [];
    this.eventType = '';
  }
}

const TRANSIENT_STATUSES = [408, 429, 500, 502, 503, 504];

const defaultSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

export function openEventStream(url: string, options: EventStreamOptions): EventStream {
  const controller = new AbortController();
  const doFetch = options.fetch ?? ((input: string, init?: RequestInit) => globalThis.fetch(input, init));
  const sleep = options.sleep ?? defaultSleep;
  const initialRetry = options.initialRetryMs ?? 1000;
  const maxRetry = options.maxRetryMs ?? 30_000;
  let lastEventId = options.lastEventId ?? '';
  let serverRetry: number | null = null;

  const run = async () => {
    let attempt = 0;
    let finalStatus: number | undefined;
    options.onStateChange?.('connecting', { attempt, delayMs: 0 });
    while (!controller.signal.aborted) {
      let status: number | undefined;
      try {
        const headers: Record<string, string> = { Accept: 'text/event-stream', 'Cache-Control': 'no-cache' };
        const token = options.getToken?.();
        if (token) headers.Authorization = `Bearer ${token}`;
        if (lastEventId) headers['Last-Event-ID'] = lastEventId;
        const response = await doFetch(url, { headers, signal: controller.signal });
        status = response.status;
        // Like EventSource: 204, a non-transient error status, or a body that is not an event
        // stream ends the stream for good; network drops and transient statuses are retried.
        if (!response.ok && !TRANSIENT_STATUSES.includes(response.status)) {
          finalStatus = response.status;
          break;
        }
        if (!response.ok) throw new Error(`transient ${response.status}`);
        const contentType = response.headers.get('Content-Type') ?? '';
        if (response.status === 204 || !response.body || !contentType.includes('text/event-stream')) {
          finalStatus = response.status;
          break;
        }
        options.onStateChange?.('open', { attempt, delayMs: 0 });
        attempt = 0;
        const parser = new EventStreamParser((event) => options.onEvent(event));
        parser.lastEventId = lastEventId;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.push(value);
          lastEventId = parser.lastEventId;
          if (parser.retryMs !== null) serverRetry = parser.retryMs;
        }
      } catch {
        // network error, transient status or a dropped connection: reconnect below
      }
      if (controller.signal.aborted) break;
      attempt++;
      const delayMs = serverRetry ?? Math.min(maxRetry, initialRetry * 2 ** (attempt - 1));
      options.onStateChange?.('reconnecting', { attempt, delayMs, ...(status !== undefined ? { status } : {}) });
      await sleep(delayMs, controller.signal);
    }
    options.onStateChange?.('closed', { attempt, delayMs: 0, ...(finalStatus !== undefined ? { status: finalStatus } : {}) });
  };
  void run();

  return {
    close: () => controller.abort(),
    get lastEventId() {
      return lastEventId;
    },
  };
}
