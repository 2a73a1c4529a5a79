/** "updated 3s ago", with a dot that lights up while the change is recent. */
import { ago } from '../clock.ts';

export function UpdatedAgo({ at, now, recent }: { at: number | undefined; now: number; recent: boolean }) {
  const text = at === undefined ? 'no live update yet' : `updated ${ago(now - at)}`;
  return (
    <p className={recent ? 'updated updated--recent' : 'updated'} title={at === undefined ? undefined : new Date(at).toLocaleString()}>
      <span className="updated-dot" aria-hidden="true" />
      {text}
      {recent && <span className="updated-chip">recently updated</span>}
    </p>
  );
}
