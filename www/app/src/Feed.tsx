/** The grid of cards, in the engine's feed order. */
import type { ComponentType } from 'react';
import type { FeedItem } from './api.ts';
import { ImageCard } from './cards/ImageCard.tsx';
import { ModelCard } from './cards/ModelCard.tsx';
import { PostCard } from './cards/PostCard.tsx';
import type { CardProps } from './cards/types.ts';
import type { EntityType } from './metrics.ts';

const CARDS: Record<EntityType, ComponentType<CardProps>> = {
  Model: ModelCard,
  Image: ImageCard,
  Post: PostCard,
};

export function Feed({ items }: { items: readonly FeedItem[] }) {
  if (items.length === 0) return <div className="notice">The feed is empty.</div>;
  return (
    <main className="feed" aria-label="Feed">
      {items.map((item) => {
        const Card = CARDS[item.entityType];
        return (
          <Card
            key={`${item.entityType}:${item.entityId}`}
            id={item.entityId}
            title={item.title}
            author={item.author}
            metrics={item.metrics}
          />
        );
      })}
    </main>
  );
}
