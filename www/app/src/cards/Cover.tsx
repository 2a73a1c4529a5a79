/** A generated "artwork" (gradients from a seed) standing in for a thumbnail. */
import type { ReactNode } from 'react';

export function Cover({ seed, badge, className, children }: { seed: number; badge: string; className?: string; children?: ReactNode }) {
  const h1 = Math.round((seed * 137.508) % 360);
  const h2 = (h1 + 50 + (seed % 5) * 18) % 360;
  const h3 = (h1 + 200) % 360;
  const x = 15 + ((seed * 37) % 60);
  const y = 10 + ((seed * 53) % 50);
  const background = [
    `radial-gradient(circle at ${x}% ${y}%, hsl(${h1} 85% 68% / 0.95), transparent 48%)`,
    `radial-gradient(circle at ${100 - x}% ${100 - y / 2}%, hsl(${h2} 80% 58% / 0.9), transparent 52%)`,
    `linear-gradient(160deg, hsl(${h3} 45% 24%), hsl(${h1} 50% 12%))`,
  ].join(', ');
  return (
    <div className={className ? `cover ${className}` : 'cover'} style={{ background }}>
      <span className="badge">{badge}</span>
      {children}
    </div>
  );
}
