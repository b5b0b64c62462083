// The Coze adapter: a wrapper for a product's own Coze chat v3 calls that records `llm.usage` from each completed
// chat, the SSE parser and usage reading it is built on, and a local stand-in that speaks Coze's wire format.
export * from './coze-client.ts'; // and coze-requests.ts, which it re-exports
export * from './coze-sse.ts';
export * from './coze-usage.ts';
export { startCozeStandIn, type CozeStandIn, type CozeStandInOptions } from './coze-stand-in.ts';
export { defaultScenario, type CozeScenario } from './coze-stand-in-bot.ts';
