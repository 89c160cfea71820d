import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import type { ArenaMetrics } from '../metrics/arena-metrics.ts';
import { metricsPath } from './route-template.ts';

/**
 * Prometheus metrics at /metrics. A direct connection from this machine may read them; from
 * anywhere else (or through a proxy, which marks what it forwards) only with the bearer token
 * `ARENA_METRICS_TOKEN`, and not at all without one.
 */
export function metricsRoutes(metrics: ArenaMetrics, token: string | undefined): Router {
  const router = Router();
  router.get(metricsPath, async (req, res) => {
    if (!isDirectLoopback(req)) {
      if (token === undefined) {
        return void res.status(403).json({
          error:
            'metrics are served to loopback connections only; set ARENA_METRICS_TOKEN and send it as "Authorization: Bearer <token>" to scrape from elsewhere',
        });
      }
      if (!hasBearerToken(req, token)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        return void res.status(401).json({
          error: 'metrics need "Authorization: Bearer <ARENA_METRICS_TOKEN>"',
        });
      }
    }
    const { contentType, body } = await metrics.exposition();
    res.type(contentType).send(body);
  });
  return router;
}

/**
 * Loopback, and not relayed: a reverse proxy on the same machine connects from loopback too, but
 * adds a forwarding header, so what it forwards is treated as coming from beyond.
 */
function isDirectLoopback(req: Request): boolean {
  const address = req.socket.remoteAddress ?? '';
  const loopback = address === '::1' || /^127\./.test(address) || /^::ffff:127\./.test(address);
  const forwarded = ['forwarded', 'x-forwarded-for', 'x-real-ip'].some(
    (header) => req.headers[header] !== undefined,
  );
  return loopback && !forwarded;
}

function hasBearerToken(req: Request, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '');
  if (match === null) return false;
  // Equal-length digests, so the comparison takes the same time whatever was sent.
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1]!.trim()), digest(token));
}
