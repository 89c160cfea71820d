import { Router } from 'express';
import { comparisonDetail } from '../comparisons/comparison-detail.ts';
import type { AppDeps } from './create-app.ts';
import { parseQuery } from './http-errors.ts';
import { comparisonPath } from '../../contract/view-queries.ts';

/**
 * One comparison in full, for the researchers' comparison page: both policies by name, the
 * episodes' metrics and replay URLs, every judgement. Judges never see this endpoint's answer.
 */
export function comparisonRoutes({ db }: AppDeps): Router {
  const router = Router();
  router.get('/comparisons/:id', async (req, res) => {
    const { id } = parseQuery(comparisonPath, req.params);
    res.json({ comparison: await comparisonDetail(db, id) });
  });
  return router;
}
