/** The grid of cards, in the engine's feed order. */
import type { ComponentType } from 'react';
import type { FeedItem } from './api.ts';
import { ImageCard } from './cards/ImageCard.tsx';
import { ModelCard } from './cards/ModelCard.tsx';
import { PostCard } from './cards/PostCard.tsx';
import { ProjectCard } from './cards/ProjectCard.tsx';
import type { CardProps } from './cards/types.ts';

const CARDS: Record<'Model' | 'Image' | 'Post', ComponentType<CardProps>> = {
  Model: ModelCard,
  Image: ImageCard,
  Post: PostCard,
};

function Item({ item }: { item: FeedItem }) {
  const { entityType, entityId, title, author, metrics } = item;
  if (entityType === 'Project') {
    return <ProjectCard id={String(entityId)} title={title} author={author} metrics={metrics} timestamp={item.timestamp} />;
  }
  if (typeof entityId !== 'number') return null;
  const Card = CARDS[entityType];
  return <Card id={entityId} title={title} author={author} metrics={metrics} version={item.version} />;
}

export function Feed({ items }: { items: readonly FeedItem[] }) {
  if (items.length === 0) return <div className="notice">The feed is empty.</div>;
  return (
    <main className="feed" aria-label="Feed">
      {items.map((item) => (
        <Item key={`${item.entityType}:${item.entityId}`} item={item} />
      ))}
    </main>
  );
}
