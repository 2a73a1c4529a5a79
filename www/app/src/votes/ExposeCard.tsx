/**
 * One expose of the voting feed, on `useRealTimeMetrics`: votes, comments
 * and shares show at once as optimistic relative deltas, and each write
 * retries on its own under one idempotency key. While a write waits, the
 * card shows it (and dims the counts it touches); a write given up on is
 * rolled back alone and reported by a notice that fades.
 */
import { useRealTimeMetrics, withMetricSubscription } from 'livemetrics/react';
import type { CSSProperties } from 'react';
import { useEffect, useRef } from 'react';
import { Byline } from '../cards/Byline.tsx';
import { Count } from '../Count.tsx';
import { formatExact } from '../format.ts';
import { Icon } from '../Icon.tsx';
import { ActionButton } from './ActionButton.tsx';
import type { ExposeCounts } from './expose-api.ts';
import { RollbackNoticeView } from './RollbackNotice.tsx';
import { usePendingMetrics } from './use-pending-metrics.ts';
import { useRollbackNotice, type WriteKind } from './use-rollback-notice.ts';
import { VoteRail } from './VoteRail.tsx';
import { track } from './write-tally.ts';

/** Seed 001's hook with a short per-attempt timeout: a lost response is retried after 2 s. */
const TIMEOUT_MS = 2000;
const RETRY = { retries: 3 };

export interface ExposeCardProps {
  id: number;
  tag: string;
  title: string;
  author: string;
  metrics: ExposeCounts;
  version: number;
}

function ExposeCardBase({ id, tag, title, author, metrics, version }: ExposeCardProps) {
  const live = useRealTimeMetrics({ exposeId: id, initialMetrics: metrics, version, timeoutMs: TIMEOUT_MS, retry: RETRY });
  const { upvotes, downvotes, netVotes, views, comments, shares } = live.metrics;
  const pending = usePendingMetrics(id).split(' ');
  const { notice, rollbacks, report } = useRollbackNotice();

  // Counted once per browser session: the hook remembers which exposes were viewed.
  const updateView = useRef(live.updateView);
  useEffect(() => void updateView.current(), []);

  const act = (kind: WriteKind, write: () => Promise<boolean>) => () => {
    void track(write()).then((ok) => ok || report(kind));
  };
  const entity = `Expose:${id}`;
  const votes = upvotes + downvotes;
  const ratio = votes > 0 ? upvotes / votes : 0.5;
  const dim = (metric: string) => (pending.includes(metric) ? 'count--pending' : undefined);
  const votePending = pending.includes('upvotes') || pending.includes('downvotes');

  return (
    <article
      className={live.isUpdating ? 'card expose expose--pending' : 'card expose'}
      data-card={entity}
      data-pending={live.isUpdating}
      data-rollbacks={rollbacks}
      style={{ '--ratio': ratio } as CSSProperties}
    >
      <VoteRail
        id={id}
        netVotes={netVotes}
        pending={votePending}
        onUpvote={act('upvote', () => live.updateVote('upvote'))}
        onDownvote={act('downvote', () => live.updateVote('downvote'))}
      />
      <div className="expose-body">
        <div className="expose-head">
          <span className="expose-tag">{tag}</span>
          <span className="expose-saving" aria-hidden={!live.isUpdating}>
            <Icon name="refresh" className="spin" />
            saving…
          </span>
        </div>
        <h2 className="expose-title" title={title}>
          {title}
        </h2>
        <Byline author={author} />
        <div className="ratio" title={`${formatExact(upvotes)} up, ${formatExact(downvotes)} down`}>
          <span className="ratio-fill" />
        </div>
        <ul className="stats expose-stats">
          <li className="stat" title={`Views: ${formatExact(views)}`}>
            <Icon name="eye" />
            <Count entity={entity} metric="views" value={views} className={dim('views')} />
          </li>
          <li className="stat stat--up" title={`Upvotes: ${formatExact(upvotes)}`}>
            <Icon name="arrowUp" />
            <Count entity={entity} metric="upvotes" value={upvotes} className={dim('upvotes')} />
          </li>
          <li className="stat stat--down" title={`Downvotes: ${formatExact(downvotes)}`}>
            <Icon name="arrowDown" />
            <Count entity={entity} metric="downvotes" value={downvotes} className={dim('downvotes')} />
          </li>
        </ul>
        <div className="actions">
          <ActionButton id={id} metric="comments" icon="comment" label="Comment" value={comments} pending={pending.includes('comments')} testId={`comment-${id}`} onClick={act('comment', () => live.updateComment(1))} />
          <ActionButton id={id} metric="shares" icon="share" label="Share" value={shares} pending={pending.includes('shares')} testId={`share-${id}`} onClick={act('share', live.updateShare)} />
        </div>
      </div>
      <RollbackNoticeView id={id} notice={notice} />
    </article>
  );
}

export const ExposeCard = withMetricSubscription(ExposeCardBase, 'Expose', { className: 'feed-item' });
