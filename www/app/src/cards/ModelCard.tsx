/** A model: cover, name, author and five live stats. */
import { useMetricChanges, withMetricSubscription } from 'livemetrics/react';
import { METRICS } from '../metrics.ts';
import { Byline } from './Byline.tsx';
import { Cover } from './Cover.tsx';
import { StatList } from './StatList.tsx';
import type { CardProps } from './types.ts';

function ModelCardBase({ id, title, author, metrics, version }: CardProps) {
  const { metrics: live, changes } = useMetricChanges('Model', id, metrics, { version });
  const entity = `Model:${id}`;
  return (
    <article className="card card--model" data-card={entity}>
      <Cover seed={id * 3} badge="Model" className="cover--model" />
      <div className="card-body">
        <h2 className="card-title" title={title}>{title}</h2>
        <Byline author={author} />
        <StatList entity={entity} defs={METRICS.Model} values={live} changes={changes} />
      </div>
    </article>
  );
}

export const ModelCard = withMetricSubscription(ModelCardBase, 'Model', { className: 'feed-item' });
