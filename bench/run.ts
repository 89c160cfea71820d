// `npm run bench`: runs every bench/*.bench.ts in turn (or those named on the command line).
// A benchmark reports figures and a ratio against a baseline measured in the same run; it asserts
// nothing, so it never belongs in `npm test`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What every bench file exports as default. */
export type Benchmark = () => Promise<void> | void;

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ')}`);
  process.exit(2);
}
for (const file of files) {
  console.log(`\n## ${file.replace('.bench.ts', '')}`);
  const module = (await import(pathToFileURL(path.join(benchDir, file)).href)) as {
    default: Benchmark;
  };
  await module.default();
}
