// A multi-select filter: a disclosure with one checkbox per option; the summary says how many are chosen.
import { useTranslation } from 'react-i18next';

interface MultiSelectProps<T extends string> {
  label: string;
  options: readonly { value: T; label: string }[];
  selected: readonly T[];
  onChange: (selected: T[]) => void;
  testId?: string;
}

export function MultiSelect<T extends string>({ label, options, selected, onChange, testId }: MultiSelectProps<T>) {
  const { t } = useTranslation();
  const toggle = (value: T, on: boolean) => onChange(on ? [...selected.filter((v) => v !== value), value] : selected.filter((v) => v !== value));
  return (
    <details className="multi-select" data-testid={testId}>
      <summary className="button">
        {label}
        {selected.length ? <span className="badge badge-neutral">{selected.length}</span> : null}
      </summary>
      <fieldset>
        <legend className="sr-only">{label}</legend>
        {options.length === 0 ? <p className="muted">{t('state.empty')}</p> : null}
        {options.map((o) => (
          <label key={o.value} className="check">
            <input type="checkbox" checked={selected.includes(o.value)} onChange={(e) => toggle(o.value, e.target.checked)} value={o.value} />
            {o.label}
          </label>
        ))}
        {selected.length ? (
          <button type="button" className="button button-quiet" onClick={() => onChange([])}>
            {t('filters.clear')}
          </button>
        ) : null}
      </fieldset>
    </details>
  );
}
