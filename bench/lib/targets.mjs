// The targets, checked against the measured numbers (never tuned to pass).
const row = (rows, id) => rows?.find((r) => r.id === id);
const x = (v) => (Number.isFinite(v) ? `${v >= 100 ? v.toFixed(0) : v.toFixed(2)}×` : 'n/a');
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const mb = (b) => `${(b / 2 ** 20).toFixed(1)} MB`;

/** `[{ target, measured, pass }]`; pass is null when the workload did not run. */
export function evaluateTargets(res) {
  const out = [];
  const add = (target, measured, pass) => out.push({ target, measured, pass });

  for (const [where, ingest] of [['Node', res.ingest], ['Chromium', res.browser?.ingest]]) {
    if (!ingest) continue;
    for (const shape of ['objects', 'computed']) {
      const r = row(ingest.rows, `lmCall.${shape}`);
      add(`ingest per-call (${shape === 'objects' ? '(a) pre-built' : '(b) computed'} updates), ${where}: ≥ 4× faster than bare Map`, x(r?.vsBareMap), r ? r.vsBareMap >= 4 : null);
    }
    for (const id of ['lmBatch.rows', 'lmBatch.one']) {
      const r = row(ingest.rows, id);
      add(`ingest ${r?.label ?? id}, ${where}: ≥ 20× faster than bare Map (a)`, x(r?.vsBareMap), r ? r.vsBareMap >= 20 : null);
      add(`ingest ${r?.label ?? id}, ${where}: ≥ 2× faster than numeric Map`, x(r?.vsNumericMap), r ? r.vsNumericMap >= 2 : null);
    }
  }
  if (res.read) {
    const r = row(res.read.rows, 'lmCall');
    const slower = 1 / r.vsBareMap;
    add('read: livemetrics getDelta within 1.2× of bare Map get', `${slower.toFixed(2)}× bare Map's time`, slower <= 1.2);
  }
  if (res.fanout) {
    for (const id of ['lmKey', 'lmSelector']) {
      const r = row(res.fanout.rows, id);
      add(`fan-out (${r.label}): ≥ 1000× faster than the seed store per delta`, x(r.vsSeed), r.vsSeed >= 1000);
    }
    for (const r of res.fanout.rows.filter((r) => r.id.startsWith('lm'))) {
      add(`fan-out (${r.label}): listener calls = changed subscribed keys`, `${r.listenerCalls} calls, ${r.changedKeys} changed`, r.exact);
    }
  }
  if (res.browser?.react) {
    for (const id of ['lmDefault', 'lmSync']) {
      const r = row(res.browser.react.rows, id);
      add(`browser (${r.label}): ≤ 60 commits/s`, `${r.commitsPerSec.toFixed(1)}/s`, r.commitsPerSec <= 60);
      add(`browser (${r.label}): renders only of changed cards`, `${r.wastedRenders} of ${r.cardRenders} renders showed nothing new`, r.wastedRenders === 0);
      add(`browser (${r.label}): scripting ≤ 1/10 of the seed store (per delta)`, `${r.scriptVsSeed.toFixed(3)} of the seed's`, r.scriptVsSeed <= 0.1);
      add(`browser (${r.label}): keeps up with the stream`, `${r.applied} of ${res.browser.react.rate * res.browser.react.seconds} deltas in time`, r.applied >= res.browser.react.rate * res.browser.react.seconds);
    }
  }
  if (res.memory) {
    for (const id of ['lmBatch', 'lmCall']) {
      const r = row(res.memory.rows, id);
      if (r && !r.failed) add(`memory, ${r.keys.toLocaleString('en')} keys, ${r.label}: ≤ 40 MB`, mb(r.totalBytes), r.totalBytes <= 40 * 2 ** 20);
    }
  }
  if (res.size) {
    add('size: wasm + glue ≤ 40 KB gzip', `${kb(res.size.wasmPlusGlueGzip)} (wasm ${kb(res.size.files[0].gzip)})`, res.size.wasmPlusGlueGzip <= 40 * 1024);
    add('size: React layer ≤ 5 KB gzip (bundled)', kb(res.size.reactLayerGzip), res.size.reactLayerGzip <= 5 * 1024);
  }
  return out;
}
