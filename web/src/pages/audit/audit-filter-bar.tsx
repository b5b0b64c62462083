// The audit filters: search (session, agent, issue code), multi-selects for status, source, agent and channel,
// a score range and a date range. Every change lands in the URL.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MultiSelect } from '../../components/multi-select.tsx';
import { sources, statuses, type AuditFilters } from './audit-filters-state.ts';
import { useFilterOptions } from './filter-options.ts';

interface AuditFilterBarProps {
  filters: AuditFilters;
  onChange: (next: Partial<AuditFilters>) => void;
}

export function AuditFilterBar({ filters, onChange }: AuditFilterBarProps) {
  const { t } = useTranslation();
  const ids = { search: useId(), min: useId(), max: useId(), from: useId(), to: useId() };
  const [search, setSearch] = useState(filters.search);
  useEffect(() => setSearch(filters.search), [filters.search]);
  const options = useFilterOptions(filters);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange({ search });
  };
  const score = (raw: string) => (raw === '' ? null : Math.max(0, Math.min(100, Math.round(Number(raw)))));
  const anyFilter =
    filters.search ||
    filters.status.length ||
    filters.source.length ||
    filters.agentId.length ||
    filters.channel.length ||
    filters.scoreMin !== null ||
    filters.scoreMax !== null ||
    filters.from ||
    filters.to;

  return (
    <div className="filters" data-testid="audit-filters">
      <form role="search" onSubmit={submit} className="field">
        <label htmlFor={ids.search}>{t('filters.search')}</label>
        <span style={{ display: 'flex', gap: 6 }}>
          <input
            id={ids.search}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder={t('filters.searchHint')}
            data-testid="audit-search"
          />
          <button type="submit" className="button">
            {t('filters.apply')}
          </button>
        </span>
      </form>
      <MultiSelect
        label={t('filters.status')}
        options={statuses.map((s) => ({ value: s, label: t(`auditStatus.${s}`) }))}
        selected={filters.status}
        onChange={(status) => onChange({ status })}
        testId="filter-status"
      />
      <MultiSelect
        label={t('filters.source')}
        options={sources.map((s) => ({ value: s, label: t(`auditSource.${s}`) }))}
        selected={filters.source}
        onChange={(source) => onChange({ source })}
        testId="filter-source"
      />
      <MultiSelect
        label={t('filters.agent')}
        options={options.agents}
        selected={filters.agentId}
        onChange={(agentId) => onChange({ agentId })}
        testId="filter-agent"
      />
      <MultiSelect
        label={t('filters.channel')}
        options={options.channels}
        selected={filters.channel}
        onChange={(channel) => onChange({ channel })}
        testId="filter-channel"
      />
      <div className="field">
        <label htmlFor={ids.min}>{t('filters.scoreMin')}</label>
        <input
          id={ids.min}
          type="number"
          min={0}
          max={100}
          style={{ width: 80 }}
          value={filters.scoreMin ?? ''}
          onChange={(e) => onChange({ scoreMin: score(e.target.value) })}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.max}>{t('filters.scoreMax')}</label>
        <input
          id={ids.max}
          type="number"
          min={0}
          max={100}
          style={{ width: 80 }}
          value={filters.scoreMax ?? ''}
          onChange={(e) => onChange({ scoreMax: score(e.target.value) })}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.from}>{t('filters.from')}</label>
        <input id={ids.from} type="date" value={filters.from} max={filters.to || undefined} onChange={(e) => onChange({ from: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={ids.to}>{t('filters.to')}</label>
        <input id={ids.to} type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => onChange({ to: e.target.value })} />
      </div>
      {anyFilter ? (
        <button
          type="button"
          className="button button-quiet"
          onClick={() => onChange({ search: '', status: [], source: [], agentId: [], channel: [], scoreMin: null, scoreMax: null, from: '', to: '' })}
        >
          {t('filters.clearAll')}
        </button>
      ) : null}
    </div>
  );
}
