// Sizes and constants for every workload: the full run (`make bench`) and
// the smoke run (`node run.mjs --smoke`, tiny sizes, seconds).

export const ENTITY_TYPE = 'Image';
/** The five reaction metrics of an image card, in stream order (metric index 0–4). */
export const METRICS = ['likeCount', 'heartCount', 'laughCount', 'cryCount', 'commentCount'];

const FULL = {
  runs: 5, // timed rounds per Node workload (medians over these)
  // legendN: Legend-State (~7 µs a delta) runs a prefix, to keep the full run under 10 minutes.
  ingest: { n: 1_000_000, entities: 10_000, seedN: 2_000, seedWarmN: 20, legendN: 250_000, batchRows: 1_000 },
  read: { cards: 2_000, frames: 100 }, // 2,000 cards × 5 metrics = 10,000 getDelta per frame
  fanout: { cards: 10_000, deltas: 10_000, seedDeltas: 30 },
  memory: { keys: 1_000_000 },
  browserIngest: { runs: 3 }, // Chromium ingest rounds (time budget; Node uses `runs`)
  react: { cards: 2_000, rate: 10_000, seconds: 5, runs: 3 },
};

const SMOKE = {
  runs: 2,
  ingest: { n: 5_000, entities: 200, seedN: 100, seedWarmN: 2, legendN: 5_000, batchRows: 1_000 },
  read: { cards: 100, frames: 3 },
  fanout: { cards: 200, deltas: 500, seedDeltas: 5 },
  memory: { keys: 5_000 },
  browserIngest: { runs: 1 },
  react: { cards: 50, rate: 2_000, seconds: 0.3, runs: 1 },
};

export function sizes(smoke) {
  return smoke ? SMOKE : FULL;
}

/** Stream seeds: every contender sees exactly the same deltas. */
export const SEEDS = { ingest: 0x5eed_0001, fanout: 0x5eed_0002, page: 0x5eed_0003, react: 0x5eed_0004 };
