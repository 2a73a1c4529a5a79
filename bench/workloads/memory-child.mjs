// One memory measurement in a fresh process (`node --expose-gc`): a contender
// filled with `keys` keys (keys / 5 entities × 5 metrics). Prints JSON.
import { contenders, livemetricsCodes } from '../contenders/index.mjs';

const [id, keysArg] = process.argv.slice(2);
const keys = Number(keysArg);
if (!contenders[id] || !(keys > 0) || typeof gc !== 'function') {
  console.error('usage: node --expose-gc memory-child.mjs <contender> <keys>');
  process.exit(2);
}
const settle = () => {
  for (let i = 0; i < 3; i++) gc();
};
const codes = livemetricsCodes();
const totals = new Float64Array(keys);
for (let k = 0; k < keys; k++) totals[k] = (k % 7) + 1;
const wasm = (inst) => inst.stats?.().wasmMemoryBytes ?? 0;

const inst = contenders[id].create({ codes });
settle();
const before = process.memoryUsage();
const wasmBefore = wasm(inst);
const t0 = performance.now();
inst.load(totals);
const fillMs = performance.now() - t0;
settle();
const after = process.memoryUsage();
const wasmAfter = wasm(inst);
// The store must really hold them: spot-check 1,000 keys.
let bad = 0;
for (let k = 0; k < keys; k += Math.max(1, Math.floor(keys / 1000))) if (inst.get(Math.floor(k / 5), k % 5) !== totals[k]) bad++;
console.log(
  JSON.stringify({
    id,
    keys,
    fillMs,
    heapBytes: after.heapUsed - before.heapUsed,
    externalBytes: after.external - before.external,
    wasmBytes: wasmAfter,
    wasmGrowthBytes: wasmAfter - wasmBefore,
    bad,
  }),
);
