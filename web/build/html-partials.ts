import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/** Every `<!-- partial:… -->` comment, well formed or not: a malformed one must not slip through. */
const placeholderPattern = /<!--\s*partial:([\s\S]*?)-->/g;
/** The inside of a placeholder: a name, then `key="value"` parameters. */
const placeholderBody = /^([a-z][a-z0-9-]*)((?:\s+[a-z][a-z0-9-]*="[^"]*")*)\s*$/;
const parameterPattern = /([a-z][a-z0-9-]*)="([^"]*)"/g;
/** `{{name}}` in a partial stands for the placeholder's parameter of that name. */
const slotPattern = /\{\{\s*([a-z][a-z0-9-]*)\s*\}\}/g;
const navPattern = /<nav\b[^>]*>[\s\S]*?<\/nav>/g;
const linkPattern = /<a href="([^"]*)"/g;

/**
 * Writes the markup several pages share once. A page says `<!-- partial:NAME key="value" -->`
 * and the build puts `partials/NAME.html` there, indented like the comment, with each
 * `{{key}}` replaced by the parameter's value. In a partial's `<nav>`, the link to the page
 * being built is marked `aria-current="page"`. An unknown partial, a missing or unused
 * parameter, or a page missing from a partial's nav fails the build.
 *
 * It runs before Vite reads the page, so scripts and stylesheets in a partial are bundled as
 * if written in the page itself.
 */
export function htmlPartials(partialsDir: string): Plugin {
  return {
    name: 'html-partials',
    transformIndexHtml: {
      order: 'pre',
      handler: (html, ctx) => expandPartials(html, ctx.filename, partialsDir),
    },
    configureServer(server) {
      // Pages are transformed per request; a changed partial only needs the page reloaded.
      server.watcher.add(partialsDir);
      server.watcher.on('change', (file) => {
        if (path.dirname(file) === partialsDir) server.ws.send({ type: 'full-reload' });
      });
    },
  };
}

export function expandPartials(html: string, pageFile: string, partialsDir: string): string {
  const page = path.basename(pageFile);
  const pageHref = page === 'index.html' ? '/' : `/${page}`;
  return html.replace(placeholderPattern, (placeholder: string, body: string, offset: number) => {
    const fail = (problem: string): never => {
      throw new Error(`${page}: ${placeholder}: ${problem}`);
    };
    const match = placeholderBody.exec(body.trim());
    if (!match) return fail('expected <!-- partial:name key="value" … -->');
    const [, name = '', parameterText = ''] = match;
    const file = path.join(partialsDir, `${name}.html`);
    if (!existsSync(file)) return fail(`no partial "${name}" (looked for ${file})`);

    const parameters = new Map<string, string>();
    for (const [, key = '', value = ''] of parameterText.matchAll(parameterPattern)) {
      if (parameters.has(key)) fail(`parameter "${key}" given twice`);
      parameters.set(key, value);
    }
    const used = new Set<string>();
    let markup = readFileSync(file, 'utf8')
      .trimEnd()
      .replace(slotPattern, (_slot: string, key: string) => {
        const value = parameters.get(key);
        if (value === undefined) return fail(`partial "${name}" needs ${key}="…"`);
        used.add(key);
        return value;
      });
    const unused = [...parameters.keys()].filter((key) => !used.has(key));
    if (unused.length > 0) fail(`partial "${name}" takes no ${unused.join(', ')}`);

    markup = markup.replace(navPattern, (nav: string) => {
      let marked = false;
      const result = nav.replace(linkPattern, (link: string, href: string) => {
        if (href !== pageHref) return link;
        marked = true;
        return `${link} aria-current="page"`;
      });
      if (!marked) fail(`the nav in partial "${name}" has no link to ${pageHref}`);
      return result;
    });

    // Indent every line after the first like the placeholder, so the page reads as if written out.
    const lineStart = html.lastIndexOf('\n', offset - 1) + 1;
    const indent = /^[ \t]*$/.test(html.slice(lineStart, offset))
      ? html.slice(lineStart, offset)
      : '';
    return markup
      .split('\n')
      .map((line, i) => (i === 0 || line === '' ? line : indent + line))
      .join('\n');
  });
}
