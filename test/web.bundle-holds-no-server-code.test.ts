import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isUnder, repoRoot } from './helpers/import-graph.ts';

const distWeb = path.join(repoRoot, 'dist/web');

/** Packages that only a server runs; none belongs in a page. */
const serverPackages = ['express', 'kysely', 'bullmq', 'ioredis', 'pg', 'better-sqlite3', 'ws'];

/**
 * Every module vite put into the browser bundle, read from the bundle's source maps (the build
 * writes one per chunk): their `sources` are exactly the modules each chunk was built from.
 */
function bundledModules(): string[] {
  const maps = fs
    .readdirSync(distWeb, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.js.map'));
  assert.ok(maps.length > 0, `no source maps in ${distWeb}: run npm run build first`);
  return maps.flatMap((name) => {
    const map = JSON.parse(fs.readFileSync(path.join(distWeb, name), 'utf8')) as {
      sources: string[];
      sourceRoot?: string;
    };
    const dir = path.join(path.dirname(path.join(distWeb, name)), map.sourceRoot ?? '');
    return map.sources.map((source) => path.resolve(dir, source));
  });
}

/** The npm package a module belongs to (node_modules may be a link to another checkout's). */
function packageOf(module: string): string | undefined {
  return /\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module)?.[1];
}

test('the built browser bundle holds no module of services/ and no server-only package', () => {
  const modules = bundledModules();
  // The pages' own code is there, so an empty or unreadable map cannot pass.
  assert.ok(modules.some((m) => isUnder('web/src/dashboard', m)));
  assert.ok(modules.some((m) => packageOf(m) === 'three'));
  const relative = (m: string): string => path.relative(repoRoot, m);
  assert.deepEqual(modules.filter((m) => isUnder('services', m)).map(relative), []);
  const fromServerPackage = modules.filter((m) => serverPackages.includes(packageOf(m) ?? ''));
  assert.deepEqual(fromServerPackage.map(relative), []);
});
