// From Coze's Chat object (chat API v3) to the `llm.usage` event: only the usage a chat reports when it completes
// counts, keyed `coze:<chat_id>` so a chat continued after a tool call replaces its usage instead of adding to it.

/** `{ token_count, output_count, input_count }`, token_count = input + output (docs/coze.md §1). */
export interface CozeUsage {
  readonly token_count: number;
  readonly output_count: number;
  readonly input_count: number;
}

export type CozeChatStatus = 'created' | 'in_progress' | 'completed' | 'failed' | 'requires_action' | 'canceled';

export interface CozeToolCall {
  readonly id: string;
  readonly type: 'function' | 'reply_message' | (string & {});
  readonly function: { readonly name: string; readonly arguments: string };
}

/** The Chat object of `conversation.chat.*` events and of /v3/chat and /v3/chat/retrieve (`data`). */
export interface CozeChat {
  readonly id: string;
  readonly conversation_id: string;
  readonly bot_id: string;
  /** Unknown statuses are accepted (the SDKs' enums lag the API, e.g. `canceled`). */
  readonly status: CozeChatStatus | (string & {});
  readonly created_at?: number;
  readonly completed_at?: number;
  readonly failed_at?: number;
  readonly section_id?: string;
  readonly meta_data?: Record<string, string>;
  readonly last_error?: { readonly code: number; readonly msg: string };
  readonly required_action?: {
    readonly type: 'submit_tool_outputs' | (string & {});
    readonly submit_tool_outputs: { readonly tool_calls: readonly CozeToolCall[] };
  };
  /** Optional in the SDKs; zero until the chat completes. */
  readonly usage?: CozeUsage;
}

/** The `data` of the `llm.usage` event made from a Coze chat (a type alias, so it fits `EventData<'llm.usage'>`). */
export type CozeUsageData = {
  /** `coze:<chat_id>`: billing keeps one usage per key, the latest replacing the earlier. */
  readonly usageId: string;
  /** Coze reports no model: the bot is what gets priced. */
  readonly botId: string;
  /** The bot's model name, when the caller knows it (Coze's bot config, not the chat). */
  readonly model?: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
};

/** What a chat object means for billing. */
export type ChatUsageVerdict =
  /** Completed (or canceled after spending tokens): record this usage. */
  | { readonly kind: 'usage'; readonly data: CozeUsageData }
  /** Failed: record nothing, count a failure. */
  | { readonly kind: 'failed'; readonly error: { readonly code: number; readonly msg: string } }
  /** Not finished (created, in progress, waiting for tool outputs, or an unknown status): nothing yet. */
  | { readonly kind: 'pending'; readonly status: string }
  /** Ended without usage worth recording (canceled with zero usage). */
  | { readonly kind: 'none'; readonly status: string }
  /** The object is not a Coze chat or its usage is malformed: record nothing. */
  | { readonly kind: 'invalid'; readonly reason: string };

export const cozeUsageId = (chatId: string): string => `coze:${chatId}`;

/** Statuses after which polling stops (docs/coze.md §4). */
export const terminalStatuses: ReadonlySet<string> = new Set(['completed', 'failed', 'requires_action', 'canceled']);

/**
 * Reads a chat object: `completed` gives the usage to record; `failed` nothing (a failure); `requires_action`,
 * `created`, `in_progress` nothing yet; `canceled` its usage only if it reports some tokens.
 */
export function usageOfChat(chat: unknown, options: { model?: string } = {}): ChatUsageVerdict {
  if (!isChat(chat)) return { kind: 'invalid', reason: 'not a Coze chat object (id, conversation_id, bot_id, status)' };
  switch (chat.status) {
    case 'failed':
      return { kind: 'failed', error: chat.last_error ?? { code: 0, msg: 'failed without last_error' } };
    case 'completed':
    case 'canceled': {
      const usage = chat.usage ?? { token_count: 0, output_count: 0, input_count: 0 };
      const problem = usageProblem(usage);
      if (problem) return { kind: 'invalid', reason: problem };
      if (chat.status === 'canceled' && usage.input_count + usage.output_count === 0) return { kind: 'none', status: chat.status };
      const data: CozeUsageData = {
        usageId: cozeUsageId(chat.id),
        botId: chat.bot_id,
        ...(options.model ? { model: options.model } : {}),
        inputTokens: usage.input_count,
        outputTokens: usage.output_count,
      };
      return { kind: 'usage', data };
    }
    default:
      return { kind: 'pending', status: chat.status };
  }
}

/** Whether `value` has the fields every Coze chat object carries. */
export function isChat(value: unknown): value is CozeChat {
  const c = value as Partial<CozeChat> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.id === 'string' &&
    c.id !== '' &&
    typeof c.conversation_id === 'string' &&
    typeof c.bot_id === 'string' &&
    c.bot_id !== '' &&
    typeof c.status === 'string'
  );
}

function usageProblem(u: CozeUsage): string | null {
  for (const key of ['input_count', 'output_count'] as const) {
    const v = u[key];
    if (!Number.isSafeInteger(v) || v < 0) return `usage.${key} must be an integer >= 0, got ${String(v)}`;
  }
  return null;
}
