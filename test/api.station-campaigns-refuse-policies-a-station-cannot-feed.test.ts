// A ROS 2 station sends DROID's keys, not the simulator's state: a campaign naming it with a
// built-in policy, a remote one in the arena layout, or a mapping of fields a robot does not
// measure is refused at creation (400 naming the policy), with nothing written.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { createApp } from './helpers/contract-checked-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { registerPolicy } from '../services/catalog/policy-store.ts';
import { registerTask } from '../services/catalog/task-store.ts';
import { StationControl } from '../services/stations/station-control.ts';
import { builtinPolicyNames, listTasks } from '../sim/index.ts';
import { createRos2RobotLink } from '../workers/robot/ros2-robot-link.ts';
import { SimulatedRobotLink } from '../workers/robot/simulated-robot-link.ts';
import { startStationWorker } from '../workers/robot/station-worker.ts';
import { backends, withDatabase } from './helpers/databases.ts';
import { createFakeRclnodejs } from './helpers/fake-ros2-installation.ts';
import { firstSimTask, waitFor } from './helpers/fixtures.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';

const simCatalog = { policies: builtinPolicyNames, tasks: listTasks() };
const droidKeys = {
  'observation/joint_position': 'jointPositionsRad',
  'observation/gripper_position': 'gripperOpeningM',
  prompt: 'instruction',
};

for (const backend of backends) {
  test(`${backend}: campaigns whose policies a station cannot feed are refused, naming the policy`, async () => {
    await withQueuePrefix(async (prefix) => {
      await withDatabase(backend, async ({ db }, { dataDir }) => {
        const stations = new StationControl(testRedisUrl, prefix);
        const workers = [
          startStationWorker({
            redisUrl: testRedisUrl,
            queuePrefix: prefix,
            station: 'franka-1',
            link: await createRos2RobotLink({}, { rclnodejs: createFakeRclnodejs() }),
            linkKind: 'ros2',
          }),
          startStationWorker({
            redisUrl: testRedisUrl,
            queuePrefix: prefix,
            station: 'sim-lab',
            link: new SimulatedRobotLink(),
          }),
        ];
        try {
          const api = request(
            createApp({ db, simCatalog, artifacts: new LocalDirectoryStore(dataDir), stations }),
          );
          await registerPolicy(db, { name: 'expert', kind: 'builtin', builtin: 'expert' });
          const remote = (observation: 'arena' | Record<string, string>) => ({
            url: 'ws://127.0.0.1:9',
            observation,
          });
          await registerPolicy(db, { name: 'droid', kind: 'openpi', remote: remote(droidKeys) });
          await registerPolicy(db, { name: 'arena', kind: 'openpi', remote: remote('arena') });
          await registerPolicy(db, {
            name: 'cube-watcher',
            kind: 'openpi',
            remote: remote({ ...droidKeys, 'state/cube': 'objectPositions.cube' }),
          });
          await registerTask(db, {
            name: firstSimTask.name,
            simTask: firstSimTask.name,
            instruction: firstSimTask.instruction,
          });
          for (const station of ['franka-1', 'sim-lab']) {
            await waitFor(
              // Station control fails fast until its Redis connection is up.
              async () =>
                (await stations.profile(station).catch(() => null)) === null ? undefined : true,
              {
                what: `${station} to announce itself`,
              },
            );
          }
          const campaign = (policies: string[], onStations: string[]) => ({
            name: `c-${policies.join('-')}-${onStations.join('-')}`,
            policies,
            tasks: [firstSimTask.name],
            budget: 2,
            stations: onStations,
          });
          const refused = async (body: object, field: string, pattern: RegExp) => {
            const res = await api.post('/api/campaigns').send(body).expect(400);
            assert.equal(res.body.problems[0].field, field, JSON.stringify(res.body));
            assert.match(res.body.problems[0].problem, pattern);
          };
          await refused(
            campaign(['droid', 'expert'], ['franka-1']),
            'policies[1]',
            /station "franka-1": built-in policy "expert" reads the simulator's state/,
          );
          await refused(
            campaign(['arena', 'droid'], ['franka-1']),
            'policies[0]',
            /station "franka-1": it reads the arena layout/,
          );
          await refused(
            campaign(['droid', 'cube-watcher'], ['sim-lab', 'franka-1']),
            'policies[1]',
            /"state\/cube" maps objectPositions\.cube, which a real robot does not measure/,
          );
          assert.equal((await api.get('/api/campaigns').expect(200)).body.campaigns.length, 0);

          // What the stations can feed is accepted: DROID keys on the robot, anything on MuJoCo,
          // and a station never started is not judged.
          await registerPolicy(db, {
            name: 'droid-2',
            kind: 'openpi',
            remote: { ...remote(droidKeys), apiKey: 'k' },
          });
          await api
            .post('/api/campaigns')
            .send(campaign(['droid', 'droid-2'], ['franka-1']))
            .expect(201);
          await api
            .post('/api/campaigns')
            .send(campaign(['expert', 'cube-watcher', 'arena'], ['sim-lab']))
            .expect(201);
          await api
            .post('/api/campaigns')
            .send(campaign(['expert', 'droid'], ['lab-9']))
            .expect(201);
        } finally {
          await Promise.all(workers.map((worker) => worker.close(5_000)));
          await stations.close();
        }
      });
    });
  });
}
