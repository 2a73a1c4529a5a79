/** "Upvote not saved": an inline, fading notice on the card; clicks go through it. */
import { Icon } from '../Icon.tsx';
import type { RollbackNotice as Notice, WriteKind } from './use-rollback-notice.ts';

const NAMES: Record<WriteKind, [string, string]> = {
  upvote: ['upvote', 'upvotes'],
  downvote: ['downvote', 'downvotes'],
  comment: ['comment', 'comments'],
  share: ['share', 'shares'],
};

function describe(counts: Notice['counts']): string {
  const parts = (Object.keys(NAMES) as WriteKind[])
    .filter((k) => (counts[k] ?? 0) > 0)
    .map((k) => {
      const n = counts[k] ?? 0;
      return n === 1 ? `your ${NAMES[k][0]}` : `${n} ${NAMES[k][1]}`;
    });
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function RollbackNoticeView({ id, notice }: { id: number; notice: Notice | null }) {
  if (!notice) return null;
  return (
    <div key={notice.key} className="rollback" role="status" aria-live="polite" data-testid={`rollback-${id}`}>
      <Icon name="alert" />
      <span>
        <strong>{describe(notice.counts)} didn’t go through</strong> — rolled back after retries.
      </span>
    </div>
  );
}
