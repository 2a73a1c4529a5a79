/** An icon and a live count, with the exact value and label as a tooltip. */
import type { MetricChange } from 'livemetrics';
import { Count } from '../Count.tsx';
import { formatExact } from '../format.ts';
import { Icon } from '../Icon.tsx';
import type { MetricDef } from '../metrics.ts';

export function Stat({ entity, def, value, change }: { entity: string; def: MetricDef; value: number; change?: MetricChange }) {
  const exact = `${def.label}: ${formatExact(value)}`;
  return (
    <li className={`stat stat--${def.key}`} title={exact} aria-label={exact}>
      <Icon name={def.icon} />
      <Count entity={entity} metric={def.key} value={value} change={change} />
    </li>
  );
}
