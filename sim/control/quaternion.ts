/** Quaternion helpers (scalar first, as MuJoCo stores them) for end-effector orientation. */
import type { Quat, Vec3 } from '../observation.ts';

export function multiplyQuat(a: Quat, b: Quat): Quat {
  const [aw, ax, ay, az] = a;
  const [bw, bx, by, bz] = b;
  return [
    aw * bw - ax * bx - ay * by - az * bz,
    aw * bx + ax * bw + ay * bz - az * by,
    aw * by - ax * bz + ay * bw + az * bx,
    aw * bz + ax * by - ay * bx + az * bw,
  ];
}

export function conjugateQuat([w, x, y, z]: Quat): Quat {
  return [w, -x, -y, -z];
}

export function quatFromAxisAngle(axis: Vec3, angleRad: number): Quat {
  const half = angleRad / 2;
  const sin = Math.sin(half);
  return [Math.cos(half), axis[0] * sin, axis[1] * sin, axis[2] * sin];
}

/** The rotation vector (axis × angle, radians) of the shortest rotation `q` represents. */
export function rotationVectorOfQuat(q: Quat): Vec3 {
  // q and -q are the same rotation; pick the one with w ≥ 0 for the short way round.
  const [w, x, y, z] = q[0] < 0 ? [-q[0], -q[1], -q[2], -q[3]] : q;
  const sinHalf = Math.hypot(x, y, z);
  if (sinHalf < 1e-12) return [2 * x, 2 * y, 2 * z];
  const angle = 2 * Math.atan2(sinHalf, w);
  return [(x / sinHalf) * angle, (y / sinHalf) * angle, (z / sinHalf) * angle];
}

/** The world-frame rotation that takes orientation `from` to orientation `to`, as a vector. */
export function orientationError(from: Quat, to: Quat): Vec3 {
  return rotationVectorOfQuat(multiplyQuat(to, conjugateQuat(from)));
}

/** Rotates vector `v` by unit quaternion `q`. */
export function rotateVector(q: Quat, v: Vec3): Vec3 {
  const [, x, y, z] = multiplyQuat(multiplyQuat(q, [0, v[0], v[1], v[2]]), conjugateQuat(q));
  return [x, y, z];
}

/**
 * The gripper pointing straight down (its +z along world -z), turned by `yawRad` about world z.
 * At yaw 0 the fingers close along world y, as in the home pose.
 */
export function downwardGripperQuat(yawRad: number): Quat {
  return multiplyQuat(quatFromAxisAngle([0, 0, 1], yawRad), [0, 0, 1, 0]);
}
