import assert from 'node:assert/strict';
import { test } from 'node:test';
import { float64View, loadMjcf } from '../sim/mujoco-runtime.ts';
import { resolvePerturbation } from '../sim/perturbations/validate-perturbation.ts';
import { armBasePosition, sceneNames } from '../sim/scenes/arm-geometry.ts';
import { tabletopSceneXml } from '../sim/scenes/tabletop-scene-xml.ts';
import { getTask } from '../sim/tasks/index.ts';
import { int32View } from '../sim/mujoco-runtime.ts';

type Matrix4 = number[][];

/**
 * The Panda's published kinematics (Franka's modified DH parameters, Craig's convention):
 * a(i-1), d(i), alpha(i-1) per joint, then the flange 0.107 m along joint 7's axis.
 */
const pandaDh: readonly { a: number; d: number; alpha: number }[] = [
  { a: 0, d: 0.333, alpha: 0 },
  { a: 0, d: 0, alpha: -Math.PI / 2 },
  { a: 0, d: 0.316, alpha: Math.PI / 2 },
  { a: 0.0825, d: 0, alpha: Math.PI / 2 },
  { a: -0.0825, d: 0.384, alpha: -Math.PI / 2 },
  { a: 0, d: 0, alpha: Math.PI / 2 },
  { a: 0.088, d: 0, alpha: Math.PI / 2 },
];
const flangeD = 0.107;

const pandaLower = [-2.8973, -1.7628, -2.8973, -3.0718, -2.8973, -0.0175, -2.8973];
const pandaUpper = [2.8973, 1.7628, 2.8973, -0.0698, 2.8973, 3.7525, 2.8973];

function multiply(a: Matrix4, b: Matrix4): Matrix4 {
  return a.map((row) =>
    [0, 1, 2, 3].map((column) =>
      row.reduce((sum, value, k) => sum + value * (b[k]?.[column] ?? 0), 0),
    ),
  );
}

/** Craig: Rot_x(alpha) Trans_x(a) Rot_z(theta) Trans_z(d). */
function modifiedDh(a: number, alpha: number, theta: number, d: number): Matrix4 {
  const [ca, sa, ct, st] = [Math.cos(alpha), Math.sin(alpha), Math.cos(theta), Math.sin(theta)];
  return [
    [ct, -st, 0, a],
    [st * ca, ct * ca, -sa, -d * sa],
    [st * sa, ct * sa, ca, d * ca],
    [0, 0, 0, 1],
  ];
}

function flangePose(q: readonly number[]): Matrix4 {
  let pose: Matrix4 = [
    [1, 0, 0, armBasePosition[0]],
    [0, 1, 0, armBasePosition[1]],
    [0, 0, 1, armBasePosition[2]],
    [0, 0, 0, 1],
  ];
  pandaDh.forEach(({ a, d, alpha }, joint) => {
    pose = multiply(pose, modifiedDh(a, alpha, q[joint] ?? 0, d));
  });
  return multiply(pose, modifiedDh(0, 0, 0, flangeD));
}

const configurations = [
  [0, 0, 0, -0.0698, 0, 0, 0],
  [0, -Math.PI / 4, 0, (-3 * Math.PI) / 4, 0, Math.PI / 2, Math.PI / 4],
  [0.4, 0.3, -0.5, -1.9, 0.8, 2.1, -1.2],
  [-2.5, 1.5, 2.6, -2.9, -2.4, 3.5, 2.7],
  [1.1, -1.2, 0.2, -0.6, -1.3, 0.4, 0.3],
];

async function loadArm() {
  const task = getTask('reach');
  const loaded = await loadMjcf(tabletopSceneXml(task.layout, resolvePerturbation({})));
  const { mujoco, model } = loaded;
  const id = (type: { value: number }, name: string): number =>
    mujoco.mj_name2id(model, type.value, name);
  const joints = Array.from({ length: 7 }, (_, index) =>
    id(mujoco.mjtObj.mjOBJ_JOINT, `joint${index + 1}`),
  );
  return {
    ...loaded,
    joints,
    qposAddress: joints.map((joint) => int32View(model.jnt_qposadr, 'jnt_qposadr')[joint] ?? -1),
    flangeSite: id(mujoco.mjtObj.mjOBJ_SITE, sceneNames.flangeSite),
  };
}

test('the flange pose matches the Panda DH chain at several joint configurations', async () => {
  const arm = await loadArm();
  try {
    for (const q of configurations) {
      const qpos = float64View(arm.data.qpos, 'qpos');
      arm.qposAddress.forEach((address, joint) => {
        qpos[address] = q[joint] ?? 0;
      });
      arm.mujoco.mj_forward(arm.model, arm.data);
      const expected = flangePose(q);
      const position = float64View(arm.data.site_xpos, 'site_xpos');
      const rotation = float64View(arm.data.site_xmat, 'site_xmat');
      for (let row = 0; row < 3; row += 1) {
        const got = position[arm.flangeSite * 3 + row] ?? Number.NaN;
        const want = expected[row]?.[3] ?? Number.NaN;
        assert.ok(Math.abs(got - want) < 1e-6, `q=${q.join(',')} axis ${row}: ${got} vs ${want}`);
        for (let column = 0; column < 3; column += 1) {
          const gotR = rotation[arm.flangeSite * 9 + row * 3 + column] ?? Number.NaN;
          const wantR = expected[row]?.[column] ?? Number.NaN;
          assert.ok(Math.abs(gotR - wantR) < 1e-6, `q=${q.join(',')} R[${row}][${column}]`);
        }
      }
    }
    // Not a chain that agrees with anything: the tip really moves by the link lengths.
    const stretched = flangePose([0, 0, 0, 0, 0, 0, 0]);
    assert.ok(Math.abs((stretched[2]?.[3] ?? 0) - (0.4 + 0.333 + 0.316 + 0.384 - 0.107)) < 1e-9);
  } finally {
    arm.dispose();
  }
});

test('the arm has the Panda joint limits, on joints and servos alike', async () => {
  const arm = await loadArm();
  try {
    const range = float64View(arm.model.jnt_range, 'jnt_range');
    const ctrlRange = float64View(arm.model.actuator_ctrlrange, 'actuator_ctrlrange');
    arm.joints.forEach((joint, index) => {
      assert.ok(
        Math.abs((range[joint * 2] ?? 0) - (pandaLower[index] ?? 0)) < 1e-9,
        `joint ${index + 1} lower`,
      );
      assert.ok(
        Math.abs((range[joint * 2 + 1] ?? 0) - (pandaUpper[index] ?? 0)) < 1e-9,
        `joint ${index + 1} upper`,
      );
      assert.ok(Math.abs((ctrlRange[index * 2] ?? 0) - (pandaLower[index] ?? 0)) < 1e-9);
      assert.ok(Math.abs((ctrlRange[index * 2 + 1] ?? 0) - (pandaUpper[index] ?? 0)) < 1e-9);
    });
  } finally {
    arm.dispose();
  }
});
