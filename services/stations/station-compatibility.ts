import type { Kysely } from 'kysely';
import type { StationProfile } from '../../queue/station-job.ts';
import { builtinPolicyName, getPolicyRow, remotePolicySpec } from '../catalog/policy-store.ts';
import type { Database, Policy } from '../db/schema.ts';
import { FieldError, NotFoundError } from '../errors.ts';
import type { StationControl } from './station-control.ts';
import { stationFieldProblem } from './station-observation.ts';

/**
 * Why `policy` cannot run on a station with `profile`, or null. Built-in policies and remote
 * ones in the arena layout read the whole simulated Observation (object poses and the like),
 * which only a station standing in for the robot with MuJoCo sends; a remote policy's
 * observation mapping must name keys or fields the station sends.
 */
export function stationPolicyProblem(profile: StationProfile, policy: Policy): string | null {
  if (profile.arenaLayout) return null;
  const robot = profile.link === 'ros2' ? 'a ROS 2 robot' : 'a robot';
  if (policy.kind === 'builtin') {
    return (
      `built-in policy "${builtinPolicyName(policy.config)}" reads the simulator's state, which ` +
      `${robot} does not send; register an openpi policy whose observation maps the robot's keys`
    );
  }
  const spec = remotePolicySpec(policy.config);
  if (spec.observation === 'arena') {
    return `it reads the arena layout (the simulator's whole state), which ${robot} does not send; register it with an observation mapping`;
  }
  for (const [key, path] of Object.entries(spec.observation)) {
    const problem = stationFieldProblem(key, path, profile);
    if (problem !== null) return `its observation ${problem}`;
  }
  return null;
}

/**
 * Refuses (400, naming `policies[i]`) a campaign whose policies a named station cannot feed,
 * judged by what each station announced when its worker last started. A station that has never
 * started is not judged: nothing is known of it yet. Unknown policy names are left to the
 * campaign's own validation.
 */
export async function assertPoliciesRunOnStations(
  db: Kysely<Database>,
  stations: StationControl,
  policyRefs: readonly string[],
  stationNames: readonly string[],
): Promise<void> {
  for (const station of stationNames) {
    const profile = await stations.profile(station);
    if (profile === null) continue;
    for (const [index, ref] of policyRefs.entries()) {
      const policy = await getPolicyRow(db, ref).catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      });
      if (policy === undefined) continue;
      const problem = stationPolicyProblem(profile, policy);
      if (problem !== null) {
        throw new FieldError(
          `policies[${index}]`,
          `cannot run on station "${station}": ${problem}`,
        );
      }
    }
  }
}
