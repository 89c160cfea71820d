import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Logger } from '../../runtime/logger.ts';
import type { ArenaMetrics } from '../metrics/arena-metrics.ts';
import { routeTemplate } from './route-template.ts';

export const requestIdHeader = 'X-Request-Id';

/**
 * A request id a client or proxy sends is kept when it is short and plain (so it can go into
 * logs and job data unescaped); anything else is replaced by a fresh one.
 */
const acceptedRequestId = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

interface TelemetryLocals {
  requestId?: string;
  log?: Logger;
}

/**
 * Gives every request an id (its X-Request-Id, or a new one), echoes it in the response, and
 * when the response ends records its latency by route and writes one log line: at `debug` for
 * a successful read (dashboards poll), `info` for writes and refusals, `error` for a 5xx.
 */
export function requestTelemetry(logger: Logger, metrics: ArenaMetrics): RequestHandler {
  return (req, res, next) => {
    const sent = req.get(requestIdHeader);
    const requestId = sent !== undefined && acceptedRequestId.test(sent) ? sent : randomUUID();
    const locals = res.locals as TelemetryLocals;
    locals.requestId = requestId;
    locals.log = logger.child({ requestId });
    res.setHeader(requestIdHeader, requestId);
    const started = process.hrtime.bigint();
    const path = req.path;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeTemplate(path);
      // A stream the client closed (server-sent events) ends without a status of its own.
      const status = res.writableFinished ? res.statusCode : 499;
      metrics.observeHttp(req.method, route, status, seconds);
      const level =
        status >= 500 ? 'error' : req.method === 'GET' && status < 400 ? 'debug' : 'info';
      locals.log?.[level](
        {
          method: req.method,
          route,
          path,
          status,
          durationMs: Math.round(seconds * 1e4) / 10,
          ip: req.ip,
        },
        'request',
      );
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  };
}

/** The id `requestTelemetry` gave this request; undefined outside it (a bare router in a test). */
export function requestIdOf(res: Response): string | undefined {
  return (res.locals as TelemetryLocals).requestId;
}

/** The request's logger, carrying its id; `fallback` outside `requestTelemetry`. */
export function requestLogger(res: Response, fallback: Logger): Logger {
  return (res.locals as TelemetryLocals).log ?? fallback;
}
