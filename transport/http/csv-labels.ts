// The header of a CSV export: the JSON's field names (`day`, `messages.user`) for programs, or with `lang=en` / `lang=zh`
// (the workbench sends its page's language) labels in that language: one dictionary per table, column key -> label.
// A column a dictionary does not know (a field added later) keeps its key.

export const csvLanguages = ['en', 'zh'] as const;
export type CsvLanguage = (typeof csvLanguages)[number];

/** A header's words: a language's labels, or `key` for the field names themselves. */
export type CsvHeaderWords = CsvLanguage | 'key';

/** The `lang` values the OpenAPI document lists (the workbench sends `zh-CN`). */
export const csvLangValues = ['en', 'zh', 'zh-CN'] as const;

type Label = Readonly<Record<CsvLanguage, string>>;
type Dictionary = Readonly<Record<string, Label>>;

/**
 * The header a `lang` query value asks for: `en`, `zh`, or a tag of either (`zh-CN`, `en-GB`; any case); absent, the
 * field names (what a program reading the CSV by column name expects). Anything else (another language, several
 * values) is null: the caller answers 400 naming `lang`.
 */
export function csvHeaderWordsOf(lang: unknown): CsvHeaderWords | null {
  if (lang === undefined || lang === '') return 'key';
  if (typeof lang !== 'string') return null;
  const base = /^(en|zh)(-[a-z0-9]{1,8})*$/i.exec(lang)?.[1]?.toLowerCase();
  return (base as CsvLanguage | undefined) ?? null;
}

const messages: Dictionary = {
  'messages.user': { en: 'Customer messages', zh: '客户消息' },
  'messages.ai': { en: 'AI messages', zh: 'AI 消息' },
  'messages.agent': { en: 'Agent messages', zh: '人工消息' },
};

const day: Dictionary = { day: { en: 'Day', zh: '日期' } };

const who: Dictionary = {
  sessionId: { en: 'Session ID', zh: '会话编号' },
  channel: { en: 'Channel', zh: '渠道' },
  agentId: { en: 'Agent ID', zh: '客服编号' },
};

/** `aiResponseMs.mean` -> 'AI response mean (ms)': a distribution's count, mean, p50 and p90. */
function distribution(key: string, en: string, zh: string, unit: { en: string; zh: string }, counted: Label): Dictionary {
  return {
    [`${key}.count`]: counted,
    [`${key}.mean`]: { en: `${en} mean (${unit.en})`, zh: `${zh}平均（${unit.zh}）` },
    [`${key}.p50`]: { en: `${en} p50 (${unit.en})`, zh: `${zh}中位数（${unit.zh}）` },
    [`${key}.p90`]: { en: `${en} p90 (${unit.en})`, zh: `${zh} P90（${unit.zh}）` },
  };
}

const ms = { en: 'ms', zh: '毫秒' };

/** `orderQueries.count`, `.found`, `.foundRate`. */
function lookups(key: string, en: string, zh: string): Dictionary {
  return {
    [`${key}.count`]: { en: `${en} queries`, zh: `${zh}查询` },
    [`${key}.found`]: { en: `${en} found`, zh: `${zh}查到` },
    [`${key}.foundRate`]: { en: `${en} found rate`, zh: `${zh}查到率` },
  };
}

const stars = Object.fromEntries(
  [1, 2, 3, 4, 5].map((n) => [`satisfaction.counts.${n}`, { en: `Ratings of ${n}`, zh: `${n} 星评价数` }]),
) as Dictionary;

const trend: Dictionary = {
  ...day,
  sessions: { en: 'Sessions', zh: '会话数' },
  ended: { en: 'Ended', zh: '已结束' },
  aiResolved: { en: 'AI resolved', zh: 'AI 解决' },
  agentHandled: { en: 'Agent handled', zh: '人工处理' },
  abandoned: { en: 'Abandoned', zh: '放弃' },
  aiResolutionRate: { en: 'AI resolution rate', zh: 'AI 解决率' },
  transferred: { en: 'Transferred', zh: '转人工' },
  transferRate: { en: 'Transfer rate', zh: '转人工率' },
  ...messages,
  ...distribution('aiResponseMs', 'AI response', 'AI 响应', ms, { en: 'AI responses timed', zh: 'AI 响应计数' }),
  ...distribution('agentFirstResponseMs', 'Agent first response', '人工首次响应', ms, {
    en: 'Agent first responses',
    zh: '人工首次回复数',
  }),
  ...distribution('durationSec', 'Duration', '会话时长', { en: 's', zh: '秒' }, { en: 'Sessions timed', zh: '计时会话数' }),
  ...stars,
  'satisfaction.total': { en: 'Ratings', zh: '评价数' },
  'satisfaction.mean': { en: 'Mean rating', zh: '平均评分' },
  'satisfaction.csat': { en: 'CSAT', zh: '满意度 CSAT' },
  ...lookups('orderQueries', 'Order', '订单'),
  ...lookups('trackingQueries', 'Tracking', '物流'),
};

const usage: Dictionary = {
  ...day,
  kind: { en: 'Kind', zh: '类型' },
  name: { en: 'Model or bot', zh: '模型或机器人' },
  inputTokens: { en: 'Input tokens', zh: '输入 token' },
  outputTokens: { en: 'Output tokens', zh: '输出 token' },
  totalTokens: { en: 'Total tokens', zh: '合计 token' },
  cost: { en: 'Cost', zh: '费用' },
  currency: { en: 'Currency', zh: '币种' },
};

const audits: Dictionary = {
  id: { en: 'Audit ID', zh: '审核编号' },
  ...who,
  source: { en: 'Source', zh: '来源' },
  score: { en: 'Score', zh: '得分' },
  finalScore: { en: 'Final score', zh: '最终得分' },
  issues: { en: 'Issues', zh: '问题' },
  status: { en: 'Status', zh: '状态' },
  'review.reviewerId': { en: 'Reviewer', zh: '复核人' },
  'review.role': { en: 'Reviewer role', zh: '复核人角色' },
  'review.finalScore': { en: 'Review score', zh: '复核分' },
  'review.note': { en: 'Review note', zh: '复核备注' },
  'review.at': { en: 'Reviewed at', zh: '复核时间' },
  reviews: { en: 'Review history', zh: '复核记录' },
  sessionEndedAt: { en: 'Session ended at', zh: '会话结束时间' },
  createdAt: { en: 'Audited at', zh: '审核时间' },
};

const sessions: Dictionary = {
  ...who,
  customerId: { en: 'Customer ID', zh: '客户编号' },
  startedAt: { en: 'Started at', zh: '开始时间' },
  endedAt: { en: 'Ended at', zh: '结束时间' },
  endReason: { en: 'End reason', zh: '结束原因' },
  lastEventAt: { en: 'Last event at', zh: '最后事件时间' },
  firstTransferAt: { en: 'First transfer at', zh: '首次转人工时间' },
  firstAgentReplyAt: { en: 'First agent reply at', zh: '首次人工回复时间' },
  outcome: { en: 'Outcome', zh: '结果' },
  queued: { en: 'Queued', zh: '排队中' },
  transferred: { en: 'Transferred', zh: '已转人工' },
  ...messages,
  rating: { en: 'Rating', zh: '评分' },
  ratedAt: { en: 'Rated at', zh: '评价时间' },
  agentFirstResponseMs: { en: 'Agent first response (ms)', zh: '人工首次响应（毫秒）' },
  durationSec: { en: 'Duration (s)', zh: '会话时长（秒）' },
  orderQueries: { en: 'Order queries', zh: '订单查询' },
  orderNotFound: { en: 'Orders not found', zh: '订单未查到' },
  trackingQueries: { en: 'Tracking queries', zh: '物流查询' },
  trackingNotFound: { en: 'Tracking not found', zh: '物流未查到' },
};

const dictionaries: Readonly<Record<string, Dictionary>> = {
  'stats.trend': trend,
  'billing.usage': usage,
  'quality.records': audits,
  'sessions.list': sessions,
};

/** The header of a table's columns in a language (a column without a label keeps its key), or their keys. */
export function csvHeader(procedure: string, columns: readonly string[], lang: CsvHeaderWords): string[] {
  if (lang === 'key') return [...columns];
  const dictionary = dictionaries[procedure] ?? {};
  return columns.map((column) => (Object.hasOwn(dictionary, column) ? dictionary[column]![lang] : column));
}
