/** Comment (+1) or share: an icon, the live count and a label. */
import { Count } from '../Count.tsx';
import { formatExact } from '../format.ts';
import { Icon, type IconName } from '../Icon.tsx';

export interface ActionButtonProps {
  id: number;
  metric: 'comments' | 'shares';
  icon: IconName;
  label: string;
  value: number;
  pending: boolean;
  testId: string;
  onClick: () => void;
}

export function ActionButton({ id, metric, icon, label, value, pending, testId, onClick }: ActionButtonProps) {
  return (
    <button
      type="button"
      className={`action action--${metric}`}
      onClick={onClick}
      data-testid={testId}
      title={`${label} (${formatExact(value)} so far)`}
      aria-label={`${label}: ${formatExact(value)}`}
    >
      <Icon name={icon} />
      <Count entity={`Expose:${id}`} metric={metric} value={value} className={pending ? 'count--pending' : undefined} />
      <span className="action-label">{label}</span>
    </button>
  );
}
