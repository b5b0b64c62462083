// The audit page's filters live in the URL (multi-select values as repeated keys), so a filtered view can be shared.
import type { QualityAuditRecord, QualityRecordsInput } from '../../api/router-types.ts';

type AuditStatus = QualityAuditRecord['status'];
type AuditSource = QualityAuditRecord['source'];

export const statuses = ['awaiting_review', 'scored', 'reviewed'] as const satisfies readonly AuditStatus[];
export const sources = ['auto', 'manual'] as const satisfies readonly AuditSource[];
export const pageSize = 20;

export interface AuditFilters {
  page: number;
  search: string;
  status: AuditStatus[];
  source: AuditSource[];
  agentId: string[];
  channel: string[];
  scoreMin: number | null;
  scoreMax: number | null;
  from: string;
  to: string;
}

const intOrNull = (raw: string | null): number | null => {
  if (raw === null || raw === '') return null;
  const n = Number(raw);
  return Number.isInteger(n) ? n : null;
};
const oneOf = <T extends string>(values: readonly T[], raw: string[]): T[] => raw.filter((v): v is T => values.includes(v as T));

/** The filters in a URL's query. */
export function readFilters(params: URLSearchParams): AuditFilters {
  return {
    page: Math.max(1, intOrNull(params.get('page')) ?? 1),
    search: params.get('search') ?? '',
    status: oneOf(statuses, params.getAll('status')),
    source: oneOf(sources, params.getAll('source')),
    agentId: params.getAll('agentId'),
    channel: params.getAll('channel'),
    scoreMin: intOrNull(params.get('scoreMin')),
    scoreMax: intOrNull(params.get('scoreMax')),
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
}

/** Writes the filters into the URL's query (other keys, such as an open session, are kept). */
export function writeFilters(params: URLSearchParams, filters: AuditFilters): URLSearchParams {
  for (const key of ['page', 'search', 'status', 'source', 'agentId', 'channel', 'scoreMin', 'scoreMax', 'from', 'to']) {
    params.delete(key);
  }
  if (filters.page > 1) params.set('page', String(filters.page));
  if (filters.search) params.set('search', filters.search);
  for (const key of ['status', 'source', 'agentId', 'channel'] as const) for (const v of filters[key]) params.append(key, v);
  if (filters.scoreMin !== null) params.set('scoreMin', String(filters.scoreMin));
  if (filters.scoreMax !== null) params.set('scoreMax', String(filters.scoreMax));
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  return params;
}

const nonEmpty = <T>(values: T[]): T[] | undefined => (values.length ? values : undefined);

/** The `quality.records` input of these filters (absent filters left out). */
export function recordsInput(f: AuditFilters): QualityRecordsInput {
  return {
    page: f.page,
    size: pageSize,
    search: f.search.trim() || undefined,
    status: nonEmpty(f.status),
    source: nonEmpty(f.source),
    agentId: nonEmpty(f.agentId),
    channel: nonEmpty(f.channel),
    scoreMin: f.scoreMin ?? undefined,
    scoreMax: f.scoreMax ?? undefined,
    from: f.from || undefined,
    to: f.to || undefined,
  };
}
