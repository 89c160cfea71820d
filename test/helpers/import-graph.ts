import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Repository root: test/helpers/../.. */
export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Every `.ts` file under `dir`, recursively. */
export function typeScriptFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(dir, name));
}

/**
 * The repository files `file` imports: static imports, `export … from`, type-only imports and
 * dynamic `import()`, as TypeScript's own pre-processor reads them. Packages are left out.
 */
export function localImports(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((ref) => ref.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => path.resolve(path.dirname(file), specifier));
}

/** One chain of imports from a starting file to a file that must not be reached. */
export interface ForbiddenImport {
  chain: string[];
}

/**
 * Walks the import graph from `roots` and returns, for every reached file that `forbidden`
 * matches, the chain of imports that led there (repository-relative paths).
 */
export function findForbiddenImports(
  roots: readonly string[],
  forbidden: (file: string) => boolean,
): { reached: Set<string>; violations: ForbiddenImport[] } {
  const parent = new Map<string, string | null>(roots.map((root) => [root, null]));
  const pending = [...roots];
  const violations: ForbiddenImport[] = [];
  const chainTo = (file: string): string[] => {
    const chain: string[] = [];
    for (let at: string | null | undefined = file; at != null; at = parent.get(at)) {
      chain.unshift(path.relative(repoRoot, at));
    }
    return chain;
  };
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (forbidden(file)) {
      violations.push({ chain: chainTo(file) });
      continue;
    }
    if (!file.endsWith('.ts') || !fs.existsSync(file)) continue;
    for (const imported of localImports(file)) {
      if (parent.has(imported)) continue;
      parent.set(imported, file);
      pending.push(imported);
    }
  }
  return { reached: new Set(parent.keys()), violations };
}

/** Whether `file` lies inside the repository's folder `folder`. */
export function isUnder(folder: string, file: string): boolean {
  const relative = path.relative(path.join(repoRoot, folder), file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
