/** A sidebar panel: an icon, a title, an optional hint, and its content. */
import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon.tsx';

export function Panel({ icon, title, hint, testId, children }: { icon: IconName; title: string; hint?: string; testId?: string; children: ReactNode }) {
  return (
    <section className="panel" data-testid={testId}>
      <h2 className="panel-title">
        <Icon name={icon} />
        {title}
        {hint && <span className="panel-hint">{hint}</span>}
      </h2>
      {children}
    </section>
  );
}

/** One `label  value` line of a panel's list. */
export function PanelRow({ label, value, hint, testId }: { label: string; value: string; hint: string; testId?: string }) {
  return (
    <div className="panel-row" title={hint}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}
