import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { htmlPartials } from './web/build/html-partials.ts';

const webDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'web');

/**
 * The browser side: one page per HTML file under web/, bundled with every asset (three.js
 * included) into dist/web, which the API serves. Nothing is fetched from a CDN at run time:
 * labs' networks are often closed. Markup the pages share (head, site header, playback
 * controls) is written once in web/partials and put in place by `<!-- partial:name -->`.
 */
export default defineConfig({
  root: webDir,
  base: '/',
  plugins: [htmlPartials(path.join(webDir, 'partials'))],
  build: {
    outDir: path.join(webDir, '../dist/web'),
    emptyOutDir: true,
    // Pages are served from localhost or a lab network; a readable source map costs nothing.
    sourcemap: true,
    // three.js alone is ~570 kB minified; the judging page needs all of it, served locally.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      input: {
        dashboard: path.join(webDir, 'index.html'),
        judge: path.join(webDir, 'judge.html'),
        comparison: path.join(webDir, 'comparison.html'),
        campaigns: path.join(webDir, 'campaigns.html'),
        policies: path.join(webDir, 'policies.html'),
        evaluate: path.join(webDir, 'evaluate.html'),
        api: path.join(webDir, 'api.html'),
        login: path.join(webDir, 'login.html'),
      },
    },
  },
});
