// What the compiler refuses of the typed helpers: a misspelled event or a missing required field. Not a test file
// (vitest does not run it), but `tsc` checks it: each @ts-expect-error line fails the day it stops being an error.
// The runtime tests are in typed-events.test.ts.
import type { TypedEvents } from '../../../domain/tracker/typed-events.ts';

/** Never called: it exists for the compiler. Each @ts-expect-error marks a call that must not compile. */
export function compileTimeChecks(events: TypedEvents): void {
  // @ts-expect-error a misspelled helper
  events.sesionStart({ sessionId: 's', channel: 'web' });
  // @ts-expect-error a misspelled event name
  events.emit('session.begin', { sessionId: 's' });
  // @ts-expect-error session.start without its channel
  events.sessionStart({ sessionId: 's' });
  // @ts-expect-error session.start without its session
  events.sessionStart({ channel: 'web' });
  // @ts-expect-error message.ai without responseTimeMs
  events.aiMessage({ sessionId: 's', inputTokens: 3 });
  // @ts-expect-error message.ai with a string response time
  events.aiMessage({ sessionId: 's', responseTimeMs: '840' });
  // @ts-expect-error message.agent without its agent
  events.agentMessage({ sessionId: 's', responseTimeMs: 10 });
  // @ts-expect-error agent.login without its agent
  events.agentLogin({ name: 'Ann' });
  // @ts-expect-error agent.logout without its agent
  events.agentLogout({});
  // @ts-expect-error a status outside the catalog
  events.agentStatusChange({ agentId: 'a', status: 'lunch' });
  // @ts-expect-error agent.status_change without a status
  events.agentStatusChange({ agentId: 'a' });
  // @ts-expect-error session.rated without a score
  events.sessionRated({ sessionId: 's' });
  // @ts-expect-error an end reason outside the catalog
  events.sessionEnd({ sessionId: 's', reason: 'bored' });
  // @ts-expect-error order.query without found
  events.orderQuery({ sessionId: 's', orderId: 'o1' });
  // @ts-expect-error tracking.query without its session
  events.trackingQuery({ found: true });
  // @ts-expect-error session.transfer without its session
  events.sessionTransfer({ reason: 'asked for a human' });
  // @ts-expect-error message.user without its session
  events.userMessage({ length: 3 });
  // @ts-expect-error llm.usage with neither model nor botId
  events.llmUsage({ usageId: 'coze:1', inputTokens: 1, outputTokens: 2 });
  // @ts-expect-error llm.usage without its usage id
  events.llmUsage({ botId: 'b', inputTokens: 1, outputTokens: 2 });
  // @ts-expect-error emit checks fields per name too
  events.emit('session.start', { sessionId: 's' });
  // @ts-expect-error a misspelled optional data key
  events.aiMessage({ sessionId: 's', responseTimeMs: 1, intnet: 'faq' });
  // @ts-expect-error a misspelled optional envelope key
  events.userMessage({ sessionId: 's', chanel: 'web' });
}
