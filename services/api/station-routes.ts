import { Router } from 'express';
import type { AppDeps } from './create-app.ts';
import { parseBody, parseQuery } from './http-errors.ts';
import {
  stationEvaluationRequest,
  stationPath,
  stationSignalRequest,
} from '../../contract/request-schemas.ts';
import { StationsUnavailableError, type StationControl } from '../stations/station-control.ts';

/**
 * The evaluator page's API for a real-robot station: what the station is doing, start and stop
 * signals, and the evaluator's scores. Nothing here names a policy.
 */
export function stationRoutes({ db, stations }: AppDeps): Router {
  const router = Router();
  const control = (): StationControl => {
    if (stations === undefined) throw new StationsUnavailableError();
    return stations;
  };

  router.get('/stations', async (_req, res) => {
    const rows = await db
      .selectFrom('campaign_stations')
      .select('station')
      .distinct()
      .orderBy('station')
      .execute();
    res.json({ stations: rows.map((r) => r.station) });
  });

  router.get('/stations/:station', async (req, res) => {
    const station = parseQuery(stationPath, req.params).station;
    res.json(await control().status(station));
  });

  router.post('/stations/:station/signals', async (req, res) => {
    const station = parseQuery(stationPath, req.params).station;
    const { ticket, signal } = parseBody(stationSignalRequest, req.body);
    const { applied } = await control().signal(station, ticket, signal);
    res.status(applied ? 202 : 200).json({ applied });
  });

  router.post('/stations/:station/evaluations', async (req, res) => {
    const station = parseQuery(stationPath, req.params).station;
    const { ticket, ...evaluation } = parseBody(stationEvaluationRequest, req.body);
    const { accepted } = await control().submitEvaluation(station, ticket, evaluation);
    // 202: the station collects the scores and hands back its result; the comparison is
    // recorded (and dashboards told) when that result arrives.
    res.status(accepted ? 202 : 200).json({ accepted });
  });

  return router;
}
