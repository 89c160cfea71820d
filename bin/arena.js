#!/usr/bin/env node
// `npm run build` (run by `npm install` as `prepare`) compiles the CLI into dist/node so that a
// command starts without transpiling. A checkout without a build, or one whose sources are newer
// than the build, runs the TypeScript through tsx instead, so an edit is never silently ignored.
import fs from 'node:fs';
import path from 'node:path';

const compiled = new URL('../dist/node/cli/arena.js', import.meta.url);
const stamp = new URL('../dist/node/.built-at', import.meta.url);

function buildIsCurrent() {
  let builtAt;
  try {
    builtAt = Number(fs.readFileSync(stamp, 'utf8'));
  } catch {
    return false;
  }
  const sources = [
    'cli',
    'runtime',
    'contract',
    'queue',
    'openpi',
    'services',
    'workers',
    'sim',
    'migrations',
    'lib',
  ];
  return sources.every((dir) => newestMtime(new URL(`../${dir}/`, import.meta.url)) <= builtAt);
}

/** @param {URL} dirUrl */
function newestMtime(dirUrl) {
  let newest = 0;
  for (const entry of fs.readdirSync(dirUrl, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    newest = Math.max(newest, fs.statSync(path.join(String(entry.parentPath), entry.name)).mtimeMs);
  }
  return newest;
}

if (buildIsCurrent()) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/arena.ts');
}
