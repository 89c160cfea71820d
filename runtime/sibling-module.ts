import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project runs from two places: its TypeScript sources (tests, `npm run arena`, through tsx)
 * and the JavaScript that `npm run build` compiles into dist/node (the `arena` command, so that it
 * starts without transpiling). A module that starts another process or thread must name the
 * entry file in its own language and only ask for tsx when that entry is TypeScript.
 */
export interface EntryModule {
  /** Absolute path of the entry file. */
  readonly file: string;
  /** file: URL of the entry, for worker threads. */
  readonly url: string;
  /** Node options that let a child process run the entry (tsx's hook for TypeScript). */
  readonly execArgv: readonly string[];
  /**
   * Source of a worker thread (`new Worker(source, { eval: true })`) that runs the entry. A
   * thread's entry must be JavaScript: tsx's `--import` hook does not apply to it, so from the
   * sources the thread loads the TypeScript through tsx; the build's JavaScript is imported as is.
   */
  readonly threadSource: string;
}

/** The module `stem` (no extension) in the caller's folder, e.g. siblingModule(import.meta.url, './x'). */
export function siblingModule(callerUrl: string, stem: string): EntryModule {
  const compiled = callerUrl.endsWith('.js');
  const url = new URL(`${stem}${compiled ? '.js' : '.ts'}`, callerUrl);
  const href = JSON.stringify(url.href);
  return {
    file: fileURLToPath(url),
    url: url.href,
    execArgv: compiled ? [] : ['--import', import.meta.resolve('tsx')],
    threadSource: compiled
      ? `import(${href})`
      : `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${href}, ${href}))`,
  };
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository's root folder, whether running from the sources or from dist/node. */
export const projectRoot = import.meta.url.endsWith('.js')
  ? path.resolve(here, '../../..')
  : path.resolve(here, '..');
