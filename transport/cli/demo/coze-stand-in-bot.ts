// What the Coze stand-in's bot says and spends: a scenario per question (answer, tool call, failure), canned
// answers and realistic token counts, all drawn from a seeded generator so a seed replays the same chats.

/** How a chat goes: a plain answer, a client-side tool call first (requires_action), or a failure. */
export type CozeScenario = 'answer' | 'tool' | 'fail';

/** A Coze-looking id: 19 digits starting with 7. */
export function cozeId(random: () => number): string {
  let s = '7';
  for (let i = 0; i < 18; i++) s += Math.floor(random() * 10);
  return s;
}

/** The default rule: `[fail]` fails, a question about an order or parcel calls the order tool, anything else is answered. */
export function defaultScenario(question: string): CozeScenario {
  if (question.includes('[fail]')) return 'fail';
  if (/\b(order|tracking|parcel|package|shipment)\b|订单|快递|包裹|物流/i.test(question)) return 'tool';
  return 'answer';
}

const answers = [
  'You can change the delivery address from your account page until the parcel ships.',
  'Refunds reach the original payment method within 3 to 5 business days.',
  'Our support hours are 8:00 to 22:00, every day of the week.',
  'You can return an unused item within 30 days; the return label is free.',
  'I have sent a password reset link to the email address on your account.',
];

export function cannedAnswer(random: () => number): string {
  return answers[Math.floor(random() * answers.length)]!;
}

/** The order id a question mentions (e.g. "A1024" or "1024"), for the tool call's arguments. */
export function orderIdIn(question: string): string {
  return /\b([A-Z]?\d{3,})\b/.exec(question)?.[1] ?? 'unknown';
}

export function toolAnswer(toolOutput: string): string {
  return `Here is what I found: ${toolOutput}`;
}

/** Rough tokens of a text (~4 characters a token, at least 1), like a BPE tokenizer on English. */
export function tokensOf(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/**
 * Input tokens of one model call: the bot's system prompt and tools (drawn once per chat, 380..620), the
 * conversation so far and the new text. Output tokens: the reply, plus a little hidden overhead.
 */
export function callUsage(random: () => number, input: { promptTokens: number; history: number; text: string }, reply: string) {
  const input_count = input.promptTokens + input.history + tokensOf(input.text);
  const output_count = tokensOf(reply) + Math.floor(random() * 6);
  return { input_count, output_count };
}

export function promptTokens(random: () => number): number {
  return 380 + Math.floor(random() * 241);
}
