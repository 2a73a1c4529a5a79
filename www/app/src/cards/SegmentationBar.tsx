/** Segmentation progress: segmented (and failed) out of all images. */
import { formatExact } from '../format.ts';
import type { ProjectCounts } from './ProjectMosaic.tsx';

export function SegmentationBar({ counts }: { counts: ProjectCounts }) {
  const { images, segmented, failed, pending } = counts;
  const share = (n: number) => (images > 0 ? Math.min(100, (n / images) * 100) : 0);
  const label = `${formatExact(segmented)} of ${formatExact(images)} images segmented, ${formatExact(failed)} failed, ${formatExact(pending)} pending`;
  return (
    <div className="progress" title={label}>
      <div className="progress-head">
        <span>Segmentation</span>
        <span className="progress-pct">
          {formatExact(segmented)} / {formatExact(images)}
        </span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={images}
        aria-valuenow={segmented}
      >
        {/* Transforms, not widths: a project can change dozens of times a second, and this never lays out. */}
        <span className="progress-fill progress-fill--segmented" style={{ transform: `scaleX(${share(segmented) / 100})` }} />
        <span
          className="progress-fill progress-fill--failed"
          style={{ transform: `translateX(${share(segmented)}%) scaleX(${share(failed) / 100})` }}
        />
      </div>
    </div>
  );
}
