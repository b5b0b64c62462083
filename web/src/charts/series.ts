// What a chart draws: named series over rows of plain numbers, so pages never hand recharts anything else.

export interface Series {
  /** The row field holding this series' value. */
  key: string;
  label: string;
  kind?: 'bar' | 'line';
  /** Bars with the same stack id are stacked. */
  stack?: string;
  /** Which y axis: 'left' (default) or 'right' (e.g. a rate beside counts). */
  axis?: 'left' | 'right';
  /** A CSS colour, or 'text' for the panel's text colour; default: the palette. */
  color?: string;
}

export type Row = Record<string, string | number | null>;

export interface ChartProps {
  /** Rows in display order; `xKey` names the category or day field. */
  rows: readonly Row[];
  xKey: string;
  series: readonly Series[];
  /** What the chart shows, read out by screen readers. */
  label: string;
  formatX?: (x: string) => string;
  formatLeft?: (v: number) => string;
  formatRight?: (v: number) => string;
  /** Called with the clicked row and the bar's series key (drill-down). */
  onSelect?: (row: Row, seriesKey: string) => void;
  height?: number;
  layout?: 'horizontal' | 'vertical';
}
