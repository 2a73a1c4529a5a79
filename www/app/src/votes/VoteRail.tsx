/** Upvote, the net score, downvote: the card's left rail. */
import { Count } from '../Count.tsx';
import { formatExact } from '../format.ts';
import { Icon } from '../Icon.tsx';

export interface VoteRailProps {
  id: number;
  netVotes: number;
  /** A vote is waiting for the server. */
  pending: boolean;
  onUpvote: () => void;
  onDownvote: () => void;
}

export function VoteRail({ id, netVotes, pending, onUpvote, onDownvote }: VoteRailProps) {
  return (
    <div className="rail" role="group" aria-label="Vote">
      <button type="button" className="rail-btn rail-btn--up" onClick={onUpvote} data-testid={`vote-up-${id}`} aria-label="Upvote" title="Upvote">
        <Icon name="arrowUp" />
      </button>
      <Count
        entity={`Expose:${id}`}
        metric="netVotes"
        value={netVotes}
        className={pending ? 'rail-score count--pending' : 'rail-score'}
      />
      <span className="sr-only">net votes: {formatExact(netVotes)}</span>
      <button type="button" className="rail-btn rail-btn--down" onClick={onDownvote} data-testid={`vote-down-${id}`} aria-label="Downvote" title="Downvote">
        <Icon name="arrowDown" />
      </button>
    </div>
  );
}
