/**
 * Loads the wasm core once, before anything else runs, so importing the
 * package needs no init call:
 * - Node (and vitest, jsdom or not): read the file and compile it
 *   synchronously, reaching `fs` through `process.getBuiltinModule` (or a
 *   computed dynamic import before Node 20.16) — no static `node:` import,
 *   so browser bundles never see one.
 * - Browsers and bundlers (Vite handles `new URL(…, import.meta.url)`):
 *   streaming instantiation behind a top-level await.
 */
import init, { initSync, CoreStore, memoryBytes } from '../../wasm/livemetrics.js';

// A literal, so bundlers (Vite) see and emit the asset.
const wasmUrl = new URL('../../wasm/livemetrics_bg.wasm', import.meta.url);

interface NodeProcess {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}

type Builtin = (id: string) => Promise<unknown>;

/** Node's builtins without a static `node:` import that browser bundles would see. */
function nodeBuiltins(proc: NodeProcess | undefined): Builtin | null {
  if (!proc?.versions?.node) return null;
  if (typeof proc.getBuiltinModule === 'function') {
    const get = proc.getBuiltinModule.bind(proc);
    return async (id) => get(id);
  }
  // Node < 20.16: a computed specifier, which bundlers leave alone.
  const prefix = 'node:';
  return (id) => import(/* @vite-ignore */ `${prefix}${id.slice(prefix.length)}`);
}

/** The wasm file on disk, or null when this module was not loaded from disk. */
async function wasmPath(builtin: Builtin): Promise<string | null> {
  // Vite-based test runners in DOM mode rewrite the URL above to an http://
  // asset URL; the module's own directory is still the real one.
  const dirname = (import.meta as { dirname?: string }).dirname;
  if (dirname) {
    const path = (await builtin('node:path')) as { join(...parts: string[]): string };
    return path.join(dirname, '..', '..', 'wasm', 'livemetrics_bg.wasm');
  }
  if (wasmUrl.protocol !== 'file:') return null;
  const url = (await builtin('node:url')) as { fileURLToPath(href: string): string };
  // A string, not the URL object: jsdom replaces the global URL class.
  return url.fileURLToPath(wasmUrl.href);
}

async function load(): Promise<void> {
  const builtin = nodeBuiltins((globalThis as { process?: NodeProcess }).process);
  let path: string | null = null;
  try {
    path = builtin ? await wasmPath(builtin) : null;
    if (builtin && path) {
      const fs = (await builtin('node:fs')) as { readFileSync(path: string): Uint8Array };
      initSync({ module: fs.readFileSync(path) });
    } else {
      await init({ module_or_path: wasmUrl });
    }
  } catch (cause) {
    throw new Error(`livemetrics: could not load its WebAssembly module from ${path ?? wasmUrl.href}: ${String(cause)}`, {
      cause,
    });
  }
}

await load();

/** Resolves once the wasm core is loaded (already true after import). */
export const ready: Promise<void> = Promise.resolve();

export { CoreStore, memoryBytes };
