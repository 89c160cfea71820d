import type { Express } from 'express';

/** The parts of express 5's router layers (the `router` package) that tell what is mounted where. */
interface Layer {
  /** The path given to `use` or `route`, as written. */
  rawPath?: string | string[];
  route?: { path: string | string[]; methods: Record<string, boolean | undefined> };
  /** A router has a stack; a mounted express app keeps its router as `router`. */
  handle: { stack?: Layer[]; router?: { stack?: Layer[] } };
}

export interface RegisteredRoute {
  method: string;
  /** As express matches it: `/api/campaigns/:ref`. */
  path: string;
}

/**
 * Every route an express app registers, found by walking its router stack and every router
 * mounted in it with `use`, with the mount paths prepended.
 */
export function registeredRoutes(app: Express): RegisteredRoute[] {
  const router = (app as unknown as { router: { stack: Layer[] } }).router;
  return walk(router.stack, '');
}

function walk(stack: readonly Layer[], prefix: string): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  for (const layer of stack) {
    if (layer.route !== undefined) {
      for (const path of [layer.route.path].flat()) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on === true && method !== '_all') routes.push({ method, path: join(prefix, path) });
        }
      }
    } else {
      const inner = layer.handle.stack ?? layer.handle.router?.stack;
      if (inner === undefined) continue;
      for (const mount of [layer.rawPath ?? '/'].flat()) {
        routes.push(...walk(inner, join(prefix, mount)));
      }
    }
  }
  return routes;
}

function join(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}
