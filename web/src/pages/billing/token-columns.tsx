// The token columns every usage table shares (input, output, total), and the stacked series every usage chart draws.
import type { TFunction } from 'i18next';
import type { Series } from '../../charts/series.ts';
import type { Column } from '../../components/data-table.tsx';
import type { Formatters } from '../../format/formatters.ts';

type Tokens = { inputTokens: number; outputTokens: number; totalTokens: number };

export function tokenColumns<T extends Tokens>(t: TFunction, f: Formatters): Column<T>[] {
  return [
    { id: 'input', header: t('usage.input'), numeric: true, cell: (r) => f.count(r.inputTokens) },
    { id: 'output', header: t('usage.output'), numeric: true, cell: (r) => f.count(r.outputTokens) },
    { id: 'total', header: t('usage.tokens'), numeric: true, cell: (r) => f.count(r.totalTokens) },
  ];
}

/** Input and output tokens as one stacked bar. */
export function tokenSeries(t: TFunction): Series[] {
  return [
    { key: 'input', label: t('usage.input'), stack: 'tokens' },
    { key: 'output', label: t('usage.output'), stack: 'tokens' },
  ];
}
