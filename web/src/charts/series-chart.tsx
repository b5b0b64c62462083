// The one chart component: bars and lines over a category or day axis, optionally a second axis for rates.
// recharts draws it; this file is loaded lazily so the first page does not carry the chart library.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { colorAt } from './palette.ts';
import type { ChartProps, Row } from './series.ts';
import { dash } from '../format/formatters.ts';

export default function SeriesChart(props: ChartProps) {
  const { rows, xKey, series, label, formatX, formatLeft, formatRight, onSelect, height = 260, layout = 'horizontal' } = props;
  const hasRight = series.some((s) => s.axis === 'right');
  // Axes take the panel's text colour (light on the wall screen's dark background).
  const axis = { stroke: 'currentColor', tick: { fill: 'currentColor' }, fontSize: 12 };
  const vertical = layout === 'vertical';
  const valueFormat = (axis: 'left' | 'right' | undefined) => (axis === 'right' ? formatRight : formatLeft);
  const select = (key: string) =>
    onSelect
      ? (data: unknown) => {
          const row = (data as { payload?: Row } | undefined)?.payload;
          if (row) onSelect(row, key);
        }
      : undefined;
  return (
    <figure className="chart-figure" style={{ margin: 0 }} aria-label={label} role="group">
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={rows as Row[]} layout={layout} margin={{ top: 6, right: hasRight ? 6 : 14, bottom: 0, left: vertical ? 12 : 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.25} />
          {vertical ? (
            <>
              <XAxis type="number" tickFormatter={formatLeft} {...axis} allowDecimals={false} />
              <YAxis type="category" dataKey={xKey} tickFormatter={formatX} {...axis} width={110} />
            </>
          ) : (
            <>
              <XAxis dataKey={xKey} tickFormatter={formatX} {...axis} minTickGap={12} />
              <YAxis yAxisId="left" tickFormatter={formatLeft} {...axis} width={56} allowDecimals={false} />
              {hasRight ? <YAxis yAxisId="right" orientation="right" tickFormatter={formatRight} {...axis} width={56} /> : null}
            </>
          )}
          <Tooltip
            labelFormatter={(x) => (formatX ? formatX(String(x)) : String(x))}
            formatter={(value, _name, item) => {
              const s = series.find((x) => x.key === item.dataKey);
              const f = valueFormat(s?.axis);
              return typeof value === 'number' && f ? f(value) : String(value ?? dash);
            }}
          />
          {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
          {series.map((s, i) =>
            s.kind === 'line' ? (
              <Line
                key={s.key}
                type="linear"
                dataKey={s.key}
                name={s.label}
                stroke={s.color === 'text' ? 'currentColor' : (s.color ?? colorAt(i))}
                strokeWidth={2}
                dot={rows.length <= 31}
                connectNulls
                yAxisId={vertical ? undefined : (s.axis ?? 'left')}
                isAnimationActive={false}
              />
            ) : (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.label}
                fill={s.color ?? colorAt(i)}
                stackId={s.stack}
                yAxisId={vertical ? undefined : (s.axis ?? 'left')}
                onClick={select(s.key)}
                cursor={onSelect ? 'pointer' : undefined}
                isAnimationActive={false}
              />
            ),
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
