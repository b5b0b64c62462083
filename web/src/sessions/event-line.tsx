// One event of a session's timeline in words: when, what, and the detail that matters for that event.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/use-format.ts';

export interface TimelineEvent {
  id: string;
  name: string;
  occurredAt: Date | string;
  agentId?: string | null;
  data: Record<string, unknown>;
}

export function EventLine({ event }: { event: TimelineEvent }) {
  const { t } = useTranslation();
  const f = useFormat();
  const d = event.data;
  const details: string[] = [];
  if (typeof d.responseTimeMs === 'number') details.push(t('timeline.responseTime', { value: f.duration(d.responseTimeMs) }));
  if (typeof d.inputTokens === 'number' || typeof d.outputTokens === 'number') {
    details.push(t('timeline.tokens', { input: f.count(Number(d.inputTokens ?? 0)), output: f.count(Number(d.outputTokens ?? 0)) }));
  }
  if (typeof d.score === 'number') details.push(t('timeline.score', { value: d.score }));
  if (typeof d.reason === 'string') details.push(t('timeline.reason', { value: d.reason }));
  if (typeof d.found === 'boolean') details.push(d.found ? t('timeline.found') : t('timeline.notFound'));
  if (typeof d.status === 'string') details.push(t('timeline.status', { value: d.status }));
  if (event.agentId) details.push(t('timeline.agent', { value: event.agentId }));
  const known = t(`event.${event.name}`, { defaultValue: event.name });
  return (
    <>
      <time dateTime={new Date(event.occurredAt).toISOString()}>{f.time(event.occurredAt)}</time>
      <strong>{known}</strong>
      {details.length ? <span className="muted"> · {details.join(' · ')}</span> : null}
    </>
  );
}
