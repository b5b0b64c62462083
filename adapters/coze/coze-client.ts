// The wrapper a TypeScript product puts around its own Coze chat v3 calls: it makes the calls (global fetch,
// Bearer token), hands every event back to the product, and reports the usage of each completed chat to `onUsage`.
import { parseSse, toCozeEvent, type CozeStreamEvent, type SseEvent } from './coze-sse.ts';
import { cozeBaseUrls, type CozeChatRef, type CozeChatRequest, type CozeMessage, type CozeToolOutput } from './coze-requests.ts';
import { isChat, terminalStatuses, usageOfChat, type CozeChat, type CozeUsageData } from './coze-usage.ts';

export * from './coze-requests.ts';

/** Given with each recorded usage: the chat it came from and the product's session, if the call named one. */
export interface CozeUsageContext {
  readonly chat: CozeChat;
  readonly sessionId?: string;
}

export interface CozeClientOptions {
  /** Personal or service access token (sent as `Authorization: Bearer <token>`). */
  readonly token: string;
  /** `https://api.coze.cn` (default), `https://api.coze.com`, or a local stand-in. */
  readonly baseUrl?: string;
  /** Between two retrieves of a non-streamed chat (default 1000 ms, as Coze's docs recommend). */
  readonly pollIntervalMs?: number;
  /** Give up polling after this long (default 10 minutes). */
  readonly pollTimeoutMs?: number;
  /** The bot's model name when the product knows it (Coze's chat objects carry none). */
  readonly modelOf?: (botId: string) => string | undefined;
  /**
   * Called once per completed chat with its `llm.usage` data; typically
   * `(data, { sessionId }) => tracker.track('llm.usage', data, sessionId)`. It may be called again for the same
   * chat (a repeated completion, a retrieve after a stream): billing keeps one usage per `usageId`.
   */
  readonly onUsage?: (data: CozeUsageData, context: CozeUsageContext) => void;
}

/** Per call: the product's session (handed to `onUsage`), the model when known, a cancel signal. */
export interface CozeCallOptions {
  readonly sessionId?: string;
  readonly model?: string;
  readonly signal?: AbortSignal;
}

export interface CozeClientStats {
  /** Chats started (`createChat`, `createChatStream`). */
  chats: number;
  /** Chats that reached `completed` (a continued chat counts at each completion). */
  completed: number;
  /** Usages handed to `onUsage`. */
  usageRecorded: number;
  /** Chats Coze reported `failed` (nothing recorded). */
  failed: number;
  requiresAction: number;
  canceled: number;
  /** API errors (non-zero `code`, HTTP errors, `error` events, cut streams, poll timeouts, network). */
  errors: number;
  /** `GET /v3/chat/retrieve` calls made while polling. */
  polls: number;
  /** `onUsage` threw (the chat goes on regardless). */
  usageCallbackErrors: number;
}

/** Coze answered with a non-zero `code` (e.g. 4016: a chat is already running in the conversation), or not at all. */
export class CozeApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly httpStatus?: number,
    readonly logId?: string,
  ) {
    super(`Coze ${code}: ${message}`);
    this.name = 'CozeApiError';
  }
}

interface StreamState {
  last: CozeChat | null;
  finished: boolean;
}

interface Envelope<T> {
  code?: number;
  msg?: string;
  data?: T;
  detail?: { logid?: string };
}

export class CozeClient {
  readonly #token: string;
  readonly #baseUrl: string;
  readonly #pollIntervalMs: number;
  readonly #pollTimeoutMs: number;
  readonly #modelOf: (botId: string) => string | undefined;
  readonly #onUsage: CozeClientOptions['onUsage'];
  readonly #stats: CozeClientStats = {
    chats: 0,
    completed: 0,
    usageRecorded: 0,
    failed: 0,
    requiresAction: 0,
    canceled: 0,
    errors: 0,
    polls: 0,
    usageCallbackErrors: 0,
  };

  constructor(options: CozeClientOptions) {
    this.#token = options.token;
    this.#baseUrl = (options.baseUrl ?? cozeBaseUrls.cn).replace(/\/+$/, '');
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.#pollTimeoutMs = options.pollTimeoutMs ?? 600_000;
    this.#modelOf = options.modelOf ?? (() => undefined);
    this.#onUsage = options.onUsage;
  }

  /**
   * Starts a streamed chat and yields Coze's events as they arrive (`data` parsed). On
   * `conversation.chat.completed` the usage goes to `onUsage`. Returns the last chat object (status
   * `completed`, `failed` or `requires_action`; continue the latter with `submitToolOutputsStream`).
   */
  async *createChatStream(request: CozeChatRequest, options: CozeCallOptions = {}): AsyncGenerator<CozeStreamEvent, CozeChat> {
    this.#stats.chats++;
    const { conversation_id, ...body } = request;
    const res = await this.#send('POST', '/v3/chat', { conversation_id }, { ...body, stream: true }, options.signal, true);
    return yield* this.#stream(res, options);
  }

  /**
   * Starts a chat without streaming, then polls `GET /v3/chat/retrieve` until it is completed, failed,
   * requires_action or canceled. Usage of a completed chat goes to `onUsage`. Returns the final chat object;
   * read the answer with `listMessages`.
   */
  async createChat(request: CozeChatRequest, options: CozeCallOptions = {}): Promise<CozeChat> {
    this.#stats.chats++;
    const { conversation_id, ...body } = request;
    // Coze can only report status and replies of a non-streamed chat whose history is saved.
    const payload = { auto_save_history: true, ...body, stream: false };
    const chat = await this.#json<CozeChat>('POST', '/v3/chat', { conversation_id }, payload, options.signal);
    return this.#pollAndSettle(chat, options);
  }

  /** Continues a `requires_action` chat with the tools' outputs, streaming; the chat completes under the same id. */
  async *submitToolOutputsStream(
    ref: CozeChatRef,
    outputs: readonly CozeToolOutput[],
    options: CozeCallOptions = {},
  ): AsyncGenerator<CozeStreamEvent, CozeChat> {
    const body = { tool_outputs: outputs, stream: true };
    const res = await this.#send('POST', '/v3/chat/submit_tool_outputs', { ...ref }, body, options.signal, true);
    return yield* this.#stream(res, options);
  }

  /** Continues a `requires_action` chat without streaming, then polls it to its end like `createChat`. */
  async submitToolOutputs(ref: CozeChatRef, outputs: readonly CozeToolOutput[], options: CozeCallOptions = {}): Promise<CozeChat> {
    const body = { tool_outputs: outputs, stream: false };
    const chat = await this.#json<CozeChat>('POST', '/v3/chat/submit_tool_outputs', { ...ref }, body, options.signal);
    return this.#pollAndSettle(chat, options);
  }

  /** `GET /v3/chat/retrieve`: the chat object as it is now (records nothing). */
  retrieveChat(ref: CozeChatRef, options: Pick<CozeCallOptions, 'signal'> = {}): Promise<CozeChat> {
    return this.#json<CozeChat>('GET', '/v3/chat/retrieve', { ...ref }, undefined, options.signal);
  }

  /** `GET /v3/chat/message/list`: the chat's answer, tool and follow-up messages (not the user's query). */
  listMessages(ref: CozeChatRef, options: Pick<CozeCallOptions, 'signal'> = {}): Promise<CozeMessage[]> {
    return this.#json<CozeMessage[]>('GET', '/v3/chat/message/list', { ...ref }, undefined, options.signal);
  }

  stats(): CozeClientStats {
    return { ...this.#stats };
  }

  async *#stream(res: Response, options: CozeCallOptions): AsyncGenerator<CozeStreamEvent, CozeChat> {
    const events = parseSse(res.body as unknown as AsyncIterable<Uint8Array>);
    const seen: StreamState = { last: null, finished: false };
    let ended = false;
    let failed = false;
    try {
      for (;;) {
        const next = await events.next().catch((err: unknown) => {
          failed = true;
          this.#stats.errors++;
          throw err;
        });
        if (next.done) break;
        const event = toCozeEvent(next.value);
        // Settled before the product sees the event, so a loop that stops at the completion still records it.
        this.#observe(event, seen, options);
        yield event;
        if (event.event === 'error') {
          failed = true;
          this.#stats.errors++;
          const { code, msg } = (event.data ?? {}) as { code?: number; msg?: string };
          throw new CozeApiError(code ?? -1, msg ?? 'error event in the chat stream');
        }
      }
      ended = true;
    } finally {
      // The product stopped reading before the chat finished: read the rest in the background, so its usage
      // is still recorded; once finished (or failed), the rest of the body is dropped.
      if (!ended && !failed && !seen.finished) void this.#readRest(events, seen, options);
      else if (!ended) void events.return(undefined).catch(() => undefined);
    }
    if (!seen.finished || seen.last === null) {
      this.#stats.errors++;
      throw new CozeApiError(-1, 'the chat stream ended before the chat finished');
    }
    return seen.last;
  }

  #observe(event: CozeStreamEvent, seen: StreamState, options: CozeCallOptions): void {
    if (!event.event.startsWith('conversation.chat.') || !isChat(event.data)) return;
    seen.last = event.data;
    if (!terminalStatuses.has(event.data.status)) return;
    seen.finished = true;
    this.#settle(event.data, options);
  }

  async #readRest(events: AsyncGenerator<SseEvent>, seen: StreamState, options: CozeCallOptions): Promise<void> {
    try {
      for await (const raw of events) this.#observe(toCozeEvent(raw), seen, options);
    } catch {
      this.#stats.errors++;
    }
  }

  async #pollAndSettle(first: CozeChat, options: CozeCallOptions): Promise<CozeChat> {
    const ref = { conversation_id: first.conversation_id, chat_id: first.id };
    const deadline = Date.now() + this.#pollTimeoutMs;
    let chat = first;
    while (!terminalStatuses.has(chat.status)) {
      if (Date.now() + this.#pollIntervalMs > deadline) {
        this.#stats.errors++;
        throw new CozeApiError(-1, `chat ${chat.id} still ${chat.status} after ${this.#pollTimeoutMs} ms of polling`);
      }
      await sleep(this.#pollIntervalMs, options.signal);
      this.#stats.polls++;
      chat = await this.retrieveChat(ref, options);
    }
    this.#settle(chat, options);
    return chat;
  }

  /** A chat reached a terminal status: record its usage or count what happened. */
  #settle(chat: CozeChat, options: CozeCallOptions): void {
    if (chat.status === 'requires_action') this.#stats.requiresAction++;
    if (chat.status === 'canceled') this.#stats.canceled++;
    const verdict = usageOfChat(chat, { model: options.model ?? this.#modelOf(chat.bot_id) });
    if (verdict.kind === 'failed') this.#stats.failed++;
    if (verdict.kind === 'invalid') this.#stats.errors++;
    if (verdict.kind !== 'usage') return;
    if (chat.status === 'completed') this.#stats.completed++;
    if (!this.#onUsage) return;
    try {
      this.#onUsage(verdict.data, { chat, ...(options.sessionId ? { sessionId: options.sessionId } : {}) });
      this.#stats.usageRecorded++;
    } catch {
      this.#stats.usageCallbackErrors++;
    }
  }

  async #json<T>(method: string, path: string, query: Record<string, string | undefined>, body: unknown, signal?: AbortSignal): Promise<T> {
    const res = await this.#send(method, path, query, body, signal, false);
    return (await this.#envelope<T>(res)).data as T;
  }

  /** One HTTP call; a non-2xx answer or a JSON answer where a stream was expected becomes a CozeApiError. */
  async #send(
    method: string,
    path: string,
    query: Record<string, string | undefined>,
    body: unknown,
    signal: AbortSignal | undefined,
    stream: boolean,
  ): Promise<Response> {
    const url = new URL(this.#baseUrl + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          Authorization: `Bearer ${this.#token}`,
          'Content-Type': 'application/json',
          Accept: stream ? 'text/event-stream' : 'application/json',
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      this.#stats.errors++;
      throw err;
    }
    if (stream && res.ok && (res.headers.get('content-type') ?? '').includes('text/event-stream')) return res;
    if (stream) await this.#envelope(res); // Coze answers errors to a stream request as JSON: throws
    return res;
  }

  async #envelope<T>(res: Response): Promise<Envelope<T>> {
    const text = await res.text();
    let parsed: Envelope<T>;
    try {
      parsed = JSON.parse(text) as Envelope<T>;
    } catch {
      this.#stats.errors++;
      throw new CozeApiError(-1, `HTTP ${res.status}: not JSON: ${text.slice(0, 200)}`, res.status);
    }
    const code = typeof parsed.code === 'number' ? parsed.code : res.ok ? 0 : -1;
    if (code !== 0 || !res.ok) {
      this.#stats.errors++;
      throw new CozeApiError(code, parsed.msg || `HTTP ${res.status}`, res.status, parsed.detail?.logid);
    }
    return parsed;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
