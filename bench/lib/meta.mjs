// What the results were measured on: machine, runtimes, package versions, commit.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const BENCH = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['livemetrics', 'zustand', '@legendapp/state', '@preact/signals-core', 'react', 'react-dom', 'vite', '@vitejs/plugin-react', 'playwright-core'];

const version = (name) => {
  try {
    return JSON.parse(readFileSync(`${BENCH}/node_modules/${name}/package.json`, 'utf8')).version;
  } catch {
    return null;
  }
};

const git = (...args) => {
  try {
    return execFileSync('git', args, { cwd: BENCH, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};

export function meta() {
  const cpus = os.cpus();
  const dirty = git('status', '--porcelain', '--', '../src', '../pkg/src', '../Cargo.toml');
  return {
    date: new Date().toISOString(),
    machine: { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1), os: `${os.type()} ${os.release()} ${os.arch()}` },
    node: process.versions.node,
    v8: process.versions.v8,
    packages: Object.fromEntries(PACKAGES.map((p) => [p, version(p)])),
    commit: git('rev-parse', '--short', 'HEAD'),
    libraryChanged: dirty ? dirty.split('\n').length : 0,
  };
}
