// Size: what a site ships — raw / gzip (-9) / brotli (q11), with Node's zlib.
// (1) the package's files as published; (2) bundle-accurate: Vite 8 builds
// `livemetrics` and `livemetrics/react` (react external, minified) and the
// chunks are measured; the wasm asset separately.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';

const BENCH = fileURLToPath(new URL('..', import.meta.url));
const PKG = join(BENCH, 'node_modules', 'livemetrics');

export function sizes(buf) {
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length,
  };
}

const jsFiles = (dir) =>
  readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => join(dir, f));
const concat = (files) => Buffer.concat(files.map((f) => readFileSync(f)));

function packageFiles() {
  const dist = join(PKG, 'dist');
  const react = jsFiles(join(dist, 'react'));
  const store = jsFiles(dist).filter((f) => !react.includes(f));
  return [
    { id: 'wasm', label: 'wasm/livemetrics_bg.wasm', files: 1, ...sizes(readFileSync(join(PKG, 'wasm', 'livemetrics_bg.wasm'))) },
    { id: 'glue', label: 'wasm/livemetrics.js (wasm-bindgen glue)', files: 1, ...sizes(readFileSync(join(PKG, 'wasm', 'livemetrics.js'))) },
    { id: 'store', label: 'dist/**/*.js without react/ (store, notify, transports)', files: store.length, ...sizes(concat(store)) },
    { id: 'react', label: 'dist/react/**/*.js (React layer)', files: react.length, ...sizes(concat(react)) },
  ];
}

async function bundle() {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    root: BENCH,
    resolve: { dedupe: ['react', 'react-dom'] },
    build: {
      target: 'es2022',
      write: false,
      assetsInlineLimit: 0,
      minify: true,
      rollupOptions: {
        input: { store: join(BENCH, 'size', 'store.mjs'), react: join(BENCH, 'size', 'react.mjs') },
        preserveEntrySignatures: 'strict',
        external: [/^react($|\/)/, /^react-dom($|\/)/],
      },
    },
  });
  const output = (Array.isArray(result) ? result[0] : result).output;
  const part = (o) => (o.type === 'asset' ? 'wasm' : o.name === 'react' ? 'react' : 'store');
  const rows = output.map((o) => ({
    part: part(o),
    label: `${o.fileName}${o.type === 'chunk' && o.isEntry ? ' (entry)' : ''}`,
    ...sizes(Buffer.from(o.type === 'chunk' ? o.code : o.source)),
  }));
  const total = (p) => {
    const r = rows.filter((x) => x.part === p);
    return { raw: r.reduce((a, x) => a + x.raw, 0), gzip: r.reduce((a, x) => a + x.gzip, 0), brotli: r.reduce((a, x) => a + x.brotli, 0) };
  };
  return { chunks: rows, store: total('store'), react: total('react'), wasm: total('wasm') };
}

export async function runSize() {
  const files = packageFiles();
  const bundled = await bundle();
  const byId = Object.fromEntries(files.map((f) => [f.id, f]));
  return {
    files,
    bundled,
    wasmPlusGlueGzip: byId.wasm.gzip + byId.glue.gzip,
    reactLayerGzip: bundled.react.gzip,
    errors: [],
  };
}
