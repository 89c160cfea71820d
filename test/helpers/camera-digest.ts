// Renders every scene camera of (task, seed) at the initial state and prints one SHA-256 over
// all their bytes: run as its own process to show rendering does not depend on the process.
//   node --import tsx test/helpers/camera-digest.ts stack 3
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sceneCameraNames, startSteppedEpisode, type Perturbation } from '../../sim/index.ts';

export async function cameraDigest(
  task: string,
  seed: number,
  perturbation: Perturbation = {},
): Promise<string> {
  const episode = await startSteppedEpisode(task, seed, { perturbation });
  try {
    const images = episode.renderImages({ cameras: Object.values(sceneCameraNames) });
    const hash = createHash('sha256');
    for (const camera of Object.values(sceneCameraNames)) hash.update(images[camera]!.data);
    return hash.digest('hex');
  } finally {
    episode.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [task = 'stack', seed = '0'] = process.argv.slice(2);
  console.log(await cameraDigest(task, Number(seed)));
}
