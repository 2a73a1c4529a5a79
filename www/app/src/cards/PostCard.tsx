/** A post: its title as a pull quote, author and three live stats. */
import { useMetricChanges, withMetricSubscription } from 'livemetrics/react';
import type { CSSProperties } from 'react';
import { METRICS } from '../metrics.ts';
import { Byline } from './Byline.tsx';
import { StatList } from './StatList.tsx';
import type { CardProps } from './types.ts';

function PostCardBase({ id, title, author, metrics, version }: CardProps) {
  const { metrics: live, changes } = useMetricChanges('Post', id, metrics, { version });
  const entity = `Post:${id}`;
  const hue = Math.round((id * 97.3) % 360);
  return (
    <article className="card card--post" data-card={entity} style={{ '--accent': `hsl(${hue} 70% 62%)` } as CSSProperties}>
      <div className="post-head">
        <span className="badge">Post</span>
        <h2 className="post-title" title={title}>{title}</h2>
      </div>
      <div className="card-body">
        <Byline author={author} />
        <StatList entity={entity} defs={METRICS.Post} values={live} changes={changes} />
      </div>
    </article>
  );
}

export const PostCard = withMetricSubscription(PostCardBase, 'Post', { className: 'feed-item' });
