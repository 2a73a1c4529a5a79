/**
 * An image-analysis project: a mosaic of its images, segmentation progress,
 * the four live counts and when a snapshot last reached it. Its counts
 * arrive as absolute `projectStatsUpdate` snapshots, not deltas.
 */
import { useMetricChanges, withMetricSubscription } from 'livemetrics/react';
import { useNow } from '../clock.ts';
import { METRICS } from '../metrics.ts';
import { Byline } from './Byline.tsx';
import { ProjectMosaic, type ProjectCounts } from './ProjectMosaic.tsx';
import { SegmentationBar } from './SegmentationBar.tsx';
import { StatList } from './StatList.tsx';
import type { ProjectCardProps } from './types.ts';
import { UpdatedAgo } from './UpdatedAgo.tsx';
import { useFeedSnapshot } from './use-feed-snapshot.ts';
import { useLastUpdated } from './use-last-updated.ts';

/** How long a card stays highlighted after a snapshot. */
const RECENT_MS = 3000;

function ProjectCardBase({ id, title, author, metrics, timestamp }: ProjectCardProps) {
  // No version: the store's newest snapshot (when it holds one) wins over the feed's counts.
  const { metrics: live, changes } = useMetricChanges('Project', id, metrics);
  useFeedSnapshot(id, metrics, timestamp);
  const lastUpdated = useLastUpdated('Project', id);
  const now = useNow();
  const recent = lastUpdated !== undefined && now - lastUpdated < RECENT_MS;
  const entity = `Project:${id}`;
  const counts: ProjectCounts = {
    images: live.imageCount ?? 0,
    segmented: live.segmentedCount ?? 0,
    pending: live.pendingCount ?? 0,
    failed: live.failedCount ?? 0,
  };
  const seed = Number(/\d+$/.exec(id)?.[0] ?? 0);
  return (
    <article className={recent ? 'card card--project card--recent' : 'card card--project'} data-card={entity}>
      <ProjectMosaic seed={seed} counts={counts} />
      <div className="card-body">
        <h2 className="card-title" title={title}>{title}</h2>
        <Byline author={author} />
        <SegmentationBar counts={counts} />
        <StatList entity={entity} defs={METRICS.Project} values={live} changes={changes} />
        <UpdatedAgo at={lastUpdated ?? timestamp} now={now} recent={recent} />
      </div>
    </article>
  );
}

export const ProjectCard = withMetricSubscription(ProjectCardBase, 'Project', { className: 'feed-item' });
