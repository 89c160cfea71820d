import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import {
  findForbiddenImports,
  isUnder,
  repoRoot,
  typeScriptFiles,
} from './helpers/import-graph.ts';

/** Folders on the far side of a boundary from the services: browsers, queues, workers, libraries. */
const boundaryFolders = ['web/src', 'queue', 'workers', 'openpi', 'sim', 'contract', 'lib'];

const inServices = (file: string): boolean => isUnder('services', file);

test('no file of web, queue, workers, openpi, sim, contract or lib reaches services/ through its imports', () => {
  const roots = boundaryFolders.flatMap((folder) => typeScriptFiles(path.join(repoRoot, folder)));
  assert.ok(roots.length > 100, `expected the boundary folders' files, found ${roots.length}`);
  const { reached, violations } = findForbiddenImports(roots, inServices);
  assert.deepEqual(
    violations.map((v) => v.chain.join(' -> ')),
    [],
    'these import chains reach services/',
  );
  // The walk follows the imports it should: the dashboard's wire types come from the contract.
  assert.ok(reached.has(path.join(repoRoot, 'contract/rating-snapshot.ts')));
  assert.ok(reached.has(path.join(repoRoot, 'contract/literals.ts')));
});

test('the same walk finds services/ where a file does import it, type-only imports included', () => {
  // The command line starts the services: the walk must see that, or it proves nothing above.
  const { violations } = findForbiddenImports(
    [path.join(repoRoot, 'cli/start-stack.ts')],
    inServices,
  );
  assert.ok(violations.length > 0);
  assert.deepEqual(violations[0]!.chain.slice(0, 1), ['cli/start-stack.ts']);
  // A services module that only re-exports the contract's types is reached from cli too.
  const typeOnly = findForbiddenImports([path.join(repoRoot, 'cli/progress-bar.ts')], inServices);
  assert.deepEqual(
    typeOnly.violations.map((v) => v.chain),
    [['cli/progress-bar.ts', 'services/campaigns/campaign-view.ts']],
  );
});
