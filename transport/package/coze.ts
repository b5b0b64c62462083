// `cs-analytics/coze`: the Coze chat v3 wrapper that reports each completed chat's token usage (`onUsage`, typically
// into `tracker.track('llm.usage', ...)`), and the pure functions that read usage from Coze's chat objects.
export * from '../../adapters/coze/coze-client.ts';
export {
  cozeUsageId,
  isChat,
  terminalStatuses,
  usageOfChat,
  type ChatUsageVerdict,
  type CozeChat,
  type CozeChatStatus,
  type CozeToolCall,
  type CozeUsage,
  type CozeUsageData,
} from '../../adapters/coze/coze-usage.ts';
export type { CozeStreamEvent, SseEvent } from '../../adapters/coze/coze-sse.ts';
