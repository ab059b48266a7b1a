// Picks the reporting month: a list of months shown as 2021年3月, with previous/next buttons that
// reach any month.
import { periodLabel } from '../../../shared/deadline.ts';
import { periodChoices, stepPeriod } from '../../../shared/periods.ts';

interface PeriodPickerProps {
  period: string;
  planYear: number;
  onChange: (period: string) => void;
}

export function PeriodPicker({ period, planYear, onChange }: PeriodPickerProps) {
  return (
    <span className="period-picker">
      <button
        type="button"
        onClick={() => onChange(stepPeriod(period, -1))}
        aria-label="上个月"
        title="上个月"
      >
        ‹
      </button>
      <select
        value={period}
        onChange={(e) => onChange(e.target.value)}
        aria-label="填报期间"
        data-testid="period-picker"
      >
        {periodChoices(planYear, period).map((p) => (
          <option key={p} value={p}>
            {periodLabel(p)}
          </option>
        ))}
      </select>
      <button
        type="button"
        onClick={() => onChange(stepPeriod(period, 1))}
        aria-label="下个月"
        title="下个月"
      >
        ›
      </button>
    </span>
  );
}
