import { apiRoutes } from '../../contract/api-routes.ts';
import { adminQueuesPath } from './admin-routes.ts';

/** Where `/metrics` is served; outside /api so that API authentication does not cover it. */
export const metricsPath = '/metrics';

interface TemplateMatcher {
  template: string;
  pattern: RegExp;
  /** Literal segments: `/api/campaigns/{ref}/start` beats `/api/campaigns/{ref}/{action}`. */
  literals: number;
}

const matchers: readonly TemplateMatcher[] = [...new Set(apiRoutes.map((r) => r.path))]
  .map((template) => {
    const segments = template.split('/').slice(1);
    const pattern = segments
      .map((s) => (/^\{\w+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    return {
      template,
      pattern: new RegExp(`^/${pattern}/?$`),
      literals: segments.filter((s) => !s.startsWith('{')).length,
    };
  })
  .sort((a, b) => b.literals - a.literals);

/**
 * The documented route a path belongs to (`/api/campaigns/{ref}`), so that metrics and logs
 * group requests by route without one series per campaign. Paths no route documents fall into
 * a few fixed groups: unknown API paths, the queue dashboard's own pages, and static files.
 */
export function routeTemplate(path: string): string {
  for (const matcher of matchers) if (matcher.pattern.test(path)) return matcher.template;
  if (path === metricsPath) return metricsPath;
  if (path === '/api' || path.startsWith('/api/')) return '/api/(unknown)';
  if (path.startsWith(`${adminQueuesPath}/`)) return adminQueuesPath;
  return '(static)';
}
