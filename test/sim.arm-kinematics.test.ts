import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  jointsForPaddlePose,
  paddlePoseFromJoints,
} from '../sim/scenes/tabletop-arm-kinematics.ts';

// The region push-cube uses: in front of the base, pushing away from it.
test('inverse kinematics puts the paddle where it was asked, across the push workspace', () => {
  for (const x of [0.24, 0.3, 0.38, 0.46]) {
    for (const y of [-0.12, 0, 0.12]) {
      for (const headingRad of [-0.45, 0, 0.45]) {
        const pose = paddlePoseFromJoints(jointsForPaddlePose({ x, y, headingRad }));
        const where = `x=${x} y=${y} heading=${headingRad}`;
        assert.ok(Math.hypot(pose.x - x, pose.y - y) < 1e-9, where);
        assert.ok(Math.abs(pose.headingRad - headingRad) < 1e-9, where);
      }
    }
  }
});

test('an unreachable pose is approached as closely as the arm allows, within joint limits', () => {
  const joints = jointsForPaddlePose({ x: 2, y: 0, headingRad: 0 });
  const pose = paddlePoseFromJoints(joints);
  assert.ok(pose.x > 0.5 && Math.abs(pose.y) < 1e-9);
});
