/** Re-fetches `/api/feed` mid-stream: every card gets a new base and version, nothing is counted twice. */
import { Icon } from './Icon.tsx';

const FEED_HINT =
  'Fetch the feed again while deltas keep streaming: new bases with their versions replace the old ones, and no delta is counted twice';

export function RefetchButton({ onClick, busy, hint = FEED_HINT }: { onClick: () => void; busy: boolean; hint?: string }) {
  return (
    <button
      type="button"
      className="btn btn--refetch"
      onClick={onClick}
      disabled={busy}
      data-testid="refetch-all"
      aria-busy={busy}
      title={hint}
    >
      <Icon name="refresh" className={busy ? 'spin' : undefined} />
      Refetch all
    </button>
  );
}
