import { mappedObservation, RemotePolicyError, type OpenpiMap } from '../../openpi/index.ts';
import type { Observation } from '../../sim/index.ts';

/**
 * The observation fields a real-robot station measures, and the DROID key it sends each under.
 * A remote policy registered with an observation mapping gets these on a real robot; any other
 * field exists only in simulation.
 */
export const stationFieldKeys: Readonly<Record<string, string>> = {
  jointPositionsRad: 'observation/joint_position',
  instruction: 'prompt',
};

/** Why a station sending `keys` cannot fill the openpi key `key` from `path`; null if it can. */
export function stationFieldProblem(
  key: string,
  path: string,
  station: { arenaLayout: boolean; keys: readonly string[] },
): string | null {
  if (station.arenaLayout || station.keys.includes(key)) return null;
  const source = stationFieldKeys[path];
  if (source !== undefined && station.keys.includes(source)) return null;
  return (
    `"${key}" maps ${path}, which a real robot does not measure; it sends ` +
    `${station.keys.join(', ')} and fills ${Object.keys(stationFieldKeys).join(', ')}`
  );
}

/**
 * What the relay sends a remote policy registered with an observation mapping, from a
 * station's observation: the station's own keys (DROID's names, cameras, the prompt) with the
 * mapping's keys filled in. A station standing in for the robot with MuJoCo sends the whole
 * simulated Observation (`arena/observation`): the mapping is applied to it exactly as in
 * simulation, so a policy sees the same values in a simulated campaign and on that station.
 * A real robot's keys are passed as measured; other mapped keys take the field's DROID key.
 */
export function relayedObservation(
  observation: OpenpiMap,
  mapping: Readonly<Record<string, string>>,
): OpenpiMap {
  const request: OpenpiMap = {};
  for (const [key, value] of Object.entries(observation)) {
    if (!key.startsWith('arena/')) request[key] = value;
  }
  const simulated = observation['arena/observation'];
  if (simulated !== undefined) {
    return { ...request, ...mappedObservation(simulated as Observation, { ...mapping }) };
  }
  const keys = Object.keys(observation);
  for (const [key, path] of Object.entries(mapping)) {
    const problem = stationFieldProblem(key, path, { arenaLayout: false, keys });
    if (problem !== null)
      throw new RemotePolicyError(`the station cannot feed this policy: ${problem}`);
    if (!Object.hasOwn(observation, key)) request[key] = observation[stationFieldKeys[path] ?? ''];
  }
  return request;
}
