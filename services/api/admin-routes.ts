import { timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import { Router, type RequestHandler } from 'express';
import type { AppDeps } from './create-app.ts';

/** Where the queue dashboard is mounted; bull-board needs it to build its own links. */
export const adminQueuesPath = '/admin/queues';

/** A queue for the dashboard, already bound to the deployment's key prefix. */
export interface AdminQueue {
  queue: Queue;
  description: string;
}

/**
 * The BullMQ queue dashboard at /admin/queues. It can retry, promote and delete jobs, so it is
 * never open by default: without a configured password every admin page answers 403.
 */
export function adminRoutes({ adminQueues = [], adminPassword }: AppDeps): Router {
  const router = Router();
  // Without a password the board is not even built: the guard answers 403 for every admin path.
  if (adminPassword === undefined) {
    router.use('/admin', requireAdmin(undefined));
    return router;
  }
  const serverAdapter = new ExpressAdapter().setBasePath(adminQueuesPath);
  createBullBoard({
    queues: adminQueues.map(({ queue, description }) => new BullMQAdapter(queue, { description })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'policy-arena queues' } },
  });
  // bull-board types its router as `any`; it is an express router.
  const board = serverAdapter.getRouter() as Router;
  router.use(adminQueuesPath, requireAdmin(adminPassword), board);
  return router;
}

/** HTTP Basic authentication against one password; any user name is accepted. */
export function requireAdmin(password: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (password === undefined) {
      res
        .status(403)
        .type('text')
        .send(
          'The admin pages are disabled. Set ARENA_ADMIN_PASSWORD in the environment of the ' +
            'services process to enable them (HTTP Basic authentication, any user name).\n',
        );
      return;
    }
    if (!matchesPassword(req.headers.authorization, password)) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Basic realm="policy-arena admin", charset="UTF-8"')
        .type('text')
        .send('Admin password required.\n');
      return;
    }
    next();
  };
}

function matchesPassword(header: string | undefined, password: string): boolean {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (match === null) return false;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const given = Buffer.from(decoded.slice(decoded.indexOf(':') + 1), 'utf8');
  const expected = Buffer.from(password, 'utf8');
  // Constant-time comparison, so response timing does not reveal how much of a guess was right.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
