/** Which metrics each card type shows, with their labels and icons. */
import type { MetricType } from 'livemetrics';
import type { IconName } from './Icon.tsx';

export type EntityType = 'Model' | 'Image' | 'Post' | 'Project';

export interface MetricDef {
  key: MetricType;
  label: string;
  icon: IconName;
}

export const METRICS: Record<EntityType, readonly MetricDef[]> = {
  Model: [
    { key: 'downloadCount', label: 'Downloads', icon: 'download' },
    { key: 'collectedCount', label: 'Collected', icon: 'bookmark' },
    { key: 'thumbsUpCount', label: 'Thumbs up', icon: 'thumbsUp' },
    { key: 'commentCount', label: 'Comments', icon: 'comment' },
    { key: 'tippedAmount', label: 'Tipped', icon: 'bolt' },
  ],
  Image: [
    { key: 'likeCount', label: 'Like', icon: 'thumbsUp' },
    { key: 'heartCount', label: 'Heart', icon: 'heart' },
    { key: 'laughCount', label: 'Laugh', icon: 'laugh' },
    { key: 'cryCount', label: 'Cry', icon: 'cry' },
    { key: 'commentCount', label: 'Comments', icon: 'comment' },
    { key: 'collectedCount', label: 'Collected', icon: 'bookmark' },
  ],
  Post: [
    { key: 'reactionCount', label: 'Reactions', icon: 'sparkles' },
    { key: 'commentCount', label: 'Comments', icon: 'comment' },
    { key: 'viewCount', label: 'Views', icon: 'eye' },
  ],
  Project: [
    { key: 'imageCount', label: 'Images', icon: 'image' },
    { key: 'segmentedCount', label: 'Segmented', icon: 'check' },
    { key: 'pendingCount', label: 'Pending', icon: 'clock' },
    { key: 'failedCount', label: 'Failed', icon: 'alert' },
  ],
};

/** The four reactions an image card can send. */
export const REACTIONS: readonly MetricType[] = ['likeCount', 'heartCount', 'laughCount', 'cryCount'];

export function isEntityType(value: unknown): value is EntityType {
  return value === 'Model' || value === 'Image' || value === 'Post' || value === 'Project';
}
