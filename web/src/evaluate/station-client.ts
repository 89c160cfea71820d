import type { StationStatus } from '../../../contract/station-status.ts';
import type { StationSignal } from '../../../queue/station-job.ts';
import { getJson } from '../shared/get-json.ts';
import { postJson } from '../shared/post-json.ts';

export type { StationStatus, StationSignal };

export interface EvaluationForm {
  progressA: number;
  progressB: number;
  preference: 'A' | 'B' | 'tie';
  comment: string;
  evaluator: string;
}

/** The evaluator page's calls; the station's name is the only thing it needs to know. */
export class StationClient {
  private readonly base: string;

  constructor(readonly station: string) {
    this.base = `/api/stations/${encodeURIComponent(station)}`;
  }

  status(): Promise<StationStatus> {
    return getJson<StationStatus>(this.base, { cache: 'no-store' });
  }

  signal(ticket: string, signal: StationSignal): Promise<{ applied: boolean }> {
    return postJson(`${this.base}/signals`, { ticket, signal });
  }

  evaluate(ticket: string, form: EvaluationForm): Promise<{ accepted: boolean }> {
    return postJson(`${this.base}/evaluations`, { ticket, ...form });
  }
}

export async function listStations(): Promise<string[]> {
  return (await getJson<{ stations: string[] }>('/api/stations')).stations;
}
