// The Node ingest workload, unchanged, in Chromium: the driver calls
// `window.runIngest(size, runs)` and reads the JSON it resolves to.
import { runIngest } from '../../workloads/ingest.mjs';

window.runIngest = (size, runs) => runIngest({ size, runs, log: (line) => console.log(line) });
document.getElementById('status').textContent = 'ready';
window.__ready = true;
