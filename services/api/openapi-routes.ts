import { Router } from 'express';
import packageJson from '../../package.json' with { type: 'json' };
import { openApiDocument } from '../../contract/openapi-document.ts';

/** The OpenAPI 3.1 document of this API, generated once from the contract. */
export function openApiRoutes(): Router {
  const router = Router();
  const document = openApiDocument(packageJson.version);
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  return router;
}
