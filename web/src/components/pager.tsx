// Previous / next page buttons and "page 2 of 7 · 134 rows" for a server-side paged table.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/use-format.ts';

interface PagerProps {
  page: number;
  size: number;
  total: number;
  onPage: (page: number) => void;
  label: string;
}

export function Pager({ page, size, total, onPage, label }: PagerProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const pages = Math.max(1, Math.ceil(total / size));
  return (
    <nav className="pager" aria-label={label}>
      <span className="muted" data-testid="pager-status">
        {t('pager.status', { page: f.count(page), pages: f.count(pages), total: f.count(total) })}
      </span>
      <button type="button" className="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('pager.previous')}
      </button>
      <button type="button" className="button" disabled={page >= pages} onClick={() => onPage(page + 1)} data-testid="pager-next">
        {t('pager.next')}
      </button>
    </nav>
  );
}
