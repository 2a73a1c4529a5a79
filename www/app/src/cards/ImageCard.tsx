/** An image: artwork, reaction buttons (live counts) and comment/collect stats. */
import { useMetricChanges, withMetricSubscription } from 'livemetrics/react';
import { METRICS, REACTIONS } from '../metrics.ts';
import { Byline } from './Byline.tsx';
import { Cover } from './Cover.tsx';
import { ReactionButton } from './ReactionButton.tsx';
import { StatList } from './StatList.tsx';
import type { CardProps } from './types.ts';

const reactionDefs = METRICS.Image.filter((d) => REACTIONS.includes(d.key));
const otherDefs = METRICS.Image.filter((d) => !REACTIONS.includes(d.key));

function ImageCardBase({ id, title, author, metrics, version }: CardProps) {
  const { metrics: live, changes } = useMetricChanges('Image', id, metrics, { version });
  const entity = `Image:${id}`;
  return (
    <article className="card card--image" data-card={entity}>
      <Cover seed={id * 3 + 1} badge="Image" className="cover--image" />
      <div className="card-body">
        <h2 className="card-title" title={title}>{title}</h2>
        <Byline author={author} />
        <div className="reactions" role="group" aria-label="Reactions">
          {reactionDefs.map((def) => (
            <ReactionButton key={def.key} id={id} def={def} value={live[def.key] ?? 0} change={changes[def.key]} />
          ))}
        </div>
        <StatList entity={entity} defs={otherDefs} values={live} changes={changes} />
      </div>
    </article>
  );
}

export const ImageCard = withMetricSubscription(ImageCardBase, 'Image', { className: 'feed-item' });
