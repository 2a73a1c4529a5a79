/**
 * A project's images as a mosaic of tiles, coloured by state in proportion to
 * the live counts: segmented, failed, still pending.
 */
import type { CSSProperties } from 'react';

const TILES = 60;

export interface ProjectCounts {
  images: number;
  segmented: number;
  pending: number;
  failed: number;
}

function tiles({ images, segmented, failed }: ProjectCounts): ('segmented' | 'failed' | 'pending')[] {
  if (images <= 0) return Array.from({ length: TILES }, () => 'pending');
  const done = Math.min(TILES, Math.round((segmented / images) * TILES));
  const bad = Math.min(TILES - done, Math.round((failed / images) * TILES));
  return Array.from({ length: TILES }, (_, i) => (i < done ? 'segmented' : i < done + bad ? 'failed' : 'pending'));
}

export function ProjectMosaic({ seed, counts }: { seed: number; counts: ProjectCounts }) {
  const hue = Math.round((seed * 137.508) % 360);
  const style = { '--project-hue': hue } as CSSProperties;
  const pct = counts.images > 0 ? Math.floor((counts.segmented / counts.images) * 100) : 0;
  return (
    <div className="project-cover" style={style}>
      <span className="badge">Project</span>
      <div className="project-pct" aria-hidden="true">
        <span className="project-pct-value">{pct}%</span>
        <span className="project-pct-label">segmented</span>
      </div>
      <div className="mosaic" aria-hidden="true">
        {tiles(counts).map((state, i) => (
          <span key={i} className={`tile tile--${state}`} />
        ))}
      </div>
    </div>
  );
}
