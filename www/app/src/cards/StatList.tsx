/** A card's metrics as a row of stats. */
import type { MetricChange } from 'livemetrics';
import type { MetricDef } from '../metrics.ts';
import { Stat } from './Stat.tsx';

export function StatList({
  entity,
  defs,
  values,
  changes = {},
}: {
  entity: string;
  defs: readonly MetricDef[];
  values: Partial<Record<string, number>>;
  changes?: Partial<Record<string, MetricChange>>;
}) {
  return (
    <ul className="stats">
      {defs.map((def) => (
        <Stat key={def.key} entity={entity} def={def} value={values[def.key] ?? 0} change={changes[def.key]} />
      ))}
    </ul>
  );
}
