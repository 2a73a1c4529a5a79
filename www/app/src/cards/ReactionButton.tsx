/**
 * Sends a reaction to the engine (`POST /api/events`). The count is not bumped
 * here: the delta comes back over the socket like everyone else's.
 */
import type { MetricChange } from 'livemetrics';
import { useState } from 'react';
import { postEvent } from '../api.ts';
import { Count } from '../Count.tsx';
import { formatExact } from '../format.ts';
import { Icon } from '../Icon.tsx';
import type { MetricDef } from '../metrics.ts';

export function ReactionButton({ id, def, value, change }: { id: number; def: MetricDef; value: number; change?: MetricChange }) {
  const [failed, setFailed] = useState(false);
  const react = () => {
    setFailed(false);
    postEvent('Image', id, { [def.key]: 1 }).catch((e: unknown) => {
      console.error('livemetrics demo: reaction failed', e);
      setFailed(true);
    });
  };
  return (
    <button
      type="button"
      className={failed ? `reaction reaction--${def.key} reaction--failed` : `reaction reaction--${def.key}`}
      onClick={react}
      title={failed ? 'The engine did not accept the reaction' : `${def.label} (${formatExact(value)})`}
      aria-label={`${def.label}: ${formatExact(value)}`}
      data-reaction={def.key}
    >
      <Icon name={def.icon} />
      <Count entity={`Image:${id}`} metric={def.key} value={value} change={change} />
    </button>
  );
}
