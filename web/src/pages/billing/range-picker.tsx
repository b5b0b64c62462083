// The billing period: two local days (both included); the server's default is the current month so far.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The longest range the server answers (domain/day-range.ts MAX_RANGE_DAYS). */
const MAX_DAYS = 366;
const spanOf = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;

interface RangePickerProps {
  from: string;
  to: string;
  onChange: (r: { from: string; to: string }) => void;
  testId?: string;
}

export function RangePicker({ from, to, onChange, testId }: RangePickerProps) {
  const { t } = useTranslation();
  const ids = { from: useId(), to: useId() };
  const [draft, setDraft] = useState({ from, to });
  useEffect(() => setDraft({ from, to }), [from, to]);
  const tooLong = !!draft.from && !!draft.to && spanOf(draft.from, draft.to) > MAX_DAYS;
  const valid = draft.from && draft.to && draft.from <= draft.to && !tooLong;
  return (
    <form
      className="filters"
      style={{ marginBottom: 0 }}
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onChange(draft);
      }}
    >
      <div className="field">
        <label htmlFor={ids.from}>{t('filters.from')}</label>
        <input
          id={ids.from}
          type="date"
          value={draft.from}
          max={draft.to || undefined}
          onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.to}>{t('filters.to')}</label>
        <input
          id={ids.to}
          type="date"
          value={draft.to}
          min={draft.from || undefined}
          onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
        />
      </div>
      <button type="submit" className="button" disabled={!valid}>
        {t('filters.apply')}
      </button>
      {tooLong ? <span role="alert">{t('filters.rangeTooLong', { count: MAX_DAYS })}</span> : null}
    </form>
  );
}
