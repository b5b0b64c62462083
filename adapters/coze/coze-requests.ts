// What a product sends to Coze chat v3 and gets back besides chats: request bodies, messages, tool outputs (Coze's
// own field names, so a product's existing Coze code carries over).

export const cozeBaseUrls = { cn: 'https://api.coze.cn', com: 'https://api.coze.com' } as const;

/** A message the product adds to the chat (Coze's `additional_messages[]`). */
export interface CozeMessageInput {
  readonly role: 'user' | 'assistant';
  readonly content: string;
  readonly content_type: 'text' | 'object_string' | 'card';
  readonly type?: string;
  readonly meta_data?: Record<string, string>;
}

/** The body of `POST /v3/chat` (Coze's field names); `conversation_id` travels in the query string. */
export interface CozeChatRequest {
  readonly bot_id: string;
  readonly user_id: string;
  readonly conversation_id?: string;
  readonly additional_messages?: readonly CozeMessageInput[];
  readonly auto_save_history?: boolean;
  readonly custom_variables?: Record<string, string>;
  readonly meta_data?: Record<string, string>;
  readonly extra_params?: Record<string, string>;
  readonly parameters?: Record<string, unknown>;
  readonly bot_version?: string;
  readonly publish_status?: 'published_online' | 'unpublished_draft';
  readonly enable_card?: boolean;
}

/** A Message object (message events and /v3/chat/message/list). */
export interface CozeMessage {
  readonly id: string;
  readonly conversation_id: string;
  readonly bot_id: string;
  readonly chat_id: string;
  readonly role: 'user' | 'assistant';
  readonly type: string;
  readonly content: string;
  readonly content_type: string;
  readonly [key: string]: unknown;
}

/** Which chat: Coze's `conversation_id` and `chat_id` (the chat object's `id`). */
export interface CozeChatRef {
  readonly conversation_id: string;
  readonly chat_id: string;
}

export interface CozeToolOutput {
  readonly tool_call_id: string;
  readonly output: string;
}
