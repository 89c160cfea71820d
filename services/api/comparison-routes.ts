import { Router } from 'express';
import { z } from 'zod';
import { comparisonDetail } from '../comparisons/comparison-detail.ts';
import type { AppDeps } from './create-app.ts';
import { parseQuery } from './http-errors.ts';

const comparisonParams = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, 'must be a comparison id (letters, digits, ".", "_", "-")'),
});

/**
 * One comparison in full, for the researchers' comparison page: both policies by name, the
 * episodes' metrics and replay URLs, every judgement. Judges never see this endpoint's answer.
 */
export function comparisonRoutes({ db }: AppDeps): Router {
  const router = Router();
  router.get('/comparisons/:id', async (req, res) => {
    const { id } = parseQuery(comparisonParams, req.params);
    res.json({ comparison: await comparisonDetail(db, id) });
  });
  return router;
}
