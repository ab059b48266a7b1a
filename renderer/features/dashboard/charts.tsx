// Small inline-SVG charts for the dashboard, drawn here (no chart library): a stacked horizontal bar
// per group (e.g. per plan: 已完成 / 推进中 / 滞后 / 未启动 / 不涉及) with a legend and clickable
// segments, and a one-line share bar for tables. Labels are real text (Chinese, the app's font).
import type { KeyboardEvent } from 'react';
import { LIGHT_SEGMENT_COLORS } from '../../../shared/dashboard-charts.ts';

export interface Segment {
  key: string;
  label: string;
  value: number;
  color: string;
}

export interface StackedRow {
  key: string;
  label: string;
  segments: Segment[];
}

interface StackedBarsProps {
  title: string;
  rows: StackedRow[];
  /** Click on a segment: row key and segment key. */
  onSelect?: (row: string, segment: string) => void;
  testId?: string;
}

const LABEL_W = 64;
const BAR_W = 560;
const TOTAL_W = 56;
const ROW_H = 30;
const BAR_H = 20;

function activate(handler: () => void) {
  return (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      handler();
    }
  };
}

export function StackedBars({ title, rows, onSelect, testId }: StackedBarsProps) {
  const legend = rows[0]?.segments ?? [];
  const height = rows.length * ROW_H + 34;
  const width = LABEL_W + BAR_W + TOTAL_W;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      {/* A picture when it only shows; a group of buttons (one per segment) when segments open the
          grid — an image's content is presentational, so it must not hold controls. */}
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role={onSelect ? 'group' : 'img'}
        aria-label={title}
        className="chart-svg"
      >
        <g className="chart-legend">
          {legend.map((s, i) => (
            <g key={s.key} transform={`translate(${LABEL_W + i * 96}, 4)`}>
              <rect width="12" height="12" rx="2" fill={s.color} />
              <text x="17" y="11" fontSize="12">
                {s.label}
              </text>
            </g>
          ))}
        </g>
        {rows.map((row, r) => {
          const total = row.segments.reduce((n, s) => n + s.value, 0);
          const y = 28 + r * ROW_H;
          let x = LABEL_W;
          return (
            <g key={row.key}>
              <text x={LABEL_W - 8} y={y + BAR_H / 2 + 5} fontSize="13" textAnchor="end" fontWeight="600">
                {row.label}
              </text>
              <rect x={LABEL_W} y={y} width={BAR_W} height={BAR_H} fill="#f3f5f8" />
              {row.segments.map((s) => {
                const w = total ? (s.value / total) * BAR_W : 0;
                const sx = x;
                x += w;
                if (!s.value) return null;
                const select = () => onSelect?.(row.key, s.key);
                return (
                  <g
                    key={s.key}
                    className={onSelect ? 'chart-seg clickable' : 'chart-seg'}
                    role={onSelect ? 'button' : undefined}
                    tabIndex={onSelect ? 0 : undefined}
                    aria-label={`${row.label} ${s.label} ${s.value}`}
                    onClick={onSelect ? select : undefined}
                    onKeyDown={onSelect ? activate(select) : undefined}
                    data-testid={testId ? `${testId}-${row.key}-${s.key}` : undefined}
                  >
                    <title>{`${row.label} · ${s.label}：${s.value}`}</title>
                    <rect x={sx} y={y} width={w} height={BAR_H} fill={s.color} />
                    {w >= 34 && (
                      <text
                        x={sx + w / 2}
                        y={y + BAR_H / 2 + 4}
                        fontSize="11"
                        textAnchor="middle"
                        fill={LIGHT_SEGMENT_COLORS.has(s.color) ? '#1c232d' : '#fff'}
                      >
                        {s.value}
                      </text>
                    )}
                  </g>
                );
              })}
              <text x={LABEL_W + BAR_W + 6} y={y + BAR_H / 2 + 5} fontSize="12" fill="#5b6573">
                {total}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** A thin horizontal bar showing `value` of 100, with the number beside it. */
export function ShareBar({ value, color = '#2e7d32' }: { value: number; color?: string }) {
  const w = Math.max(0, Math.min(100, value));
  return (
    <svg
      viewBox="0 0 150 14"
      width="150"
      height="14"
      className="share-bar"
      role="img"
      aria-label={`${value}%`}
    >
      <rect x="0" y="2" width="100" height="10" fill="#eef1f5" />
      <rect x="0" y="2" width={w} height="10" fill={color} />
      <text x="106" y="11" fontSize="11" fill="#1c232d">
        {value}%
      </text>
    </svg>
  );
}
