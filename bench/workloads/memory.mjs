// Memory: each contender holding `keys` keys, measured in its own fresh Node
// process (workloads/memory-child.mjs) so no run sees another's garbage.
// JS heap = heapUsed after gc, minus before the fill; livemetrics adds its
// whole WebAssembly memory (grows, never shrinks; counted in full).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./memory-child.mjs', import.meta.url));

const TASKS = [
  ['seed', 'seed store (one deltas object, set once by setState)'],
  ['bareMap', 'bare Map (string keys)'],
  ['numericMap', 'numeric Map (number keys)'],
  ['legend', 'Legend-State (observable per key)'],
  ['preact', '@preact/signals-core (signal per key)'],
  ['lmCall', 'livemetrics (filled by applyDelta)'],
  ['lmBatch', 'livemetrics (filled by applyDeltas)'],
];

/** `parallel` children at a time (the smoke run); the full run measures one at a time. */
export async function runMemory({ size, parallel = 1, log = () => {} }) {
  const errors = [];
  const measure = async ([id, label]) => {
    try {
      const { stdout } = await run(process.execPath, ['--expose-gc', '--max-old-space-size=8192', CHILD, id, String(size.keys)], {
        maxBuffer: 1 << 20,
        timeout: 300_000,
      });
      const r = JSON.parse(stdout.trim().split('\n').pop());
      if (r.bad) errors.push(`memory ${id}: ${r.bad} of the spot-checked keys hold the wrong value`);
      const totalBytes = r.heapBytes + r.wasmBytes;
      log(`memory: ${id} ${(totalBytes / 2 ** 20).toFixed(1)} MB`);
      return { id, label, ...r, totalBytes, bytesPerKey: totalBytes / r.keys };
    } catch (error) {
      errors.push(`memory ${id}: ${error.message.split('\n')[0]}`);
      return { id, label, keys: size.keys, failed: true };
    }
  };
  const rows = [];
  for (let i = 0; i < TASKS.length; i += parallel) rows.push(...(await Promise.all(TASKS.slice(i, i + parallel).map(measure))));
  return { keys: size.keys, rows, errors };
}
