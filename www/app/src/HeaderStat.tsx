/** One labelled number in the header. */
import { formatExact } from './format.ts';

export function HeaderStat({ label, value, testId, hint }: { label: string; value: number; testId: string; hint: string }) {
  return (
    <div className="header-stat" title={hint}>
      <span className="header-stat-value" data-testid={testId}>
        {formatExact(value)}
      </span>
      <span className="header-stat-label">{label}</span>
    </div>
  );
}
