/**
 * MJCF for the tabletop scene: a table, a three-joint arm that sweeps a paddle in the horizontal
 * plane (SCARA-like, so gravity never loads the joints), a red cube and a green target disc.
 *
 * The arm's links float above the cube and collide with nothing; only the paddle touches the
 * cube, and it clears the table top, so pushing is the one contact the arm makes.
 */

export const physicsTimestepS = 0.002;
export const tableTopHeightM = 0.4;
export const cubeHalfSizeM = 0.025;
export const cubeMassKg = 0.1;

/** Arm geometry in metres; the shoulder axis stands at the world origin on the table top. */
export const armGeometry = {
  upperArmLengthM: 0.26,
  forearmLengthM: 0.24,
  /** From the wrist axis to the paddle centre, along the hand. */
  handLengthM: 0.07,
  linkHeightAboveTableM: 0.12,
  paddleHalfThicknessM: 0.008,
  paddleHalfWidthM: 0.035,
  paddleHalfHeightM: 0.015,
} as const;

export const armJointNames = ['shoulder', 'elbow', 'wrist'] as const;
/** Joint (and actuator control) limits in radians, in armJointNames order. */
export const armJointLowerRad = [-1.9, -2.8, -2.4] as const;
export const armJointUpperRad = [1.9, 2.8, 2.4] as const;

export const sceneNames = {
  endEffectorSite: 'paddle_centre',
  cubeBody: 'cube',
  cubeJoint: 'cube_free',
  targetBody: 'target',
} as const;

const g = armGeometry;
const linkZ = tableTopHeightM + g.linkHeightAboveTableM;
/** The paddle centre sits at cube-centre height, below the hand link. */
const paddleDropM = g.linkHeightAboveTableM - cubeHalfSizeM;

function jointRange(index: number): string {
  return `${armJointLowerRad[index]} ${armJointUpperRad[index]}`;
}

/* Collision bits: table and floor (contype 1) hold the cube; the paddle (contype 2) touches only
   the cube, whose conaffinity 3 accepts both. Arm links have neither bit. */
export const tabletopArmXml = `
<mujoco model="tabletop-arm">
  <compiler angle="radian" autolimits="true"/>
  <option timestep="${physicsTimestepS}" integrator="implicitfast"/>
  <visual><global offwidth="640" offheight="480"/></visual>
  <default>
    <geom contype="0" conaffinity="0" rgba="0.55 0.57 0.62 1"/>
    <joint type="hinge" axis="0 0 1"/>
  </default>
  <worldbody>
    <light pos="0.3 0 2" dir="0 0 -1" diffuse="0.8 0.8 0.8"/>
    <geom name="floor" type="plane" size="2 2 0.05" rgba="0.3 0.3 0.33 1" contype="1" conaffinity="1"/>
    <geom name="table" type="box" pos="0.3 0 ${tableTopHeightM / 2}" size="0.45 0.5 ${tableTopHeightM / 2}"
          rgba="0.62 0.48 0.34 1" contype="1" conaffinity="1" friction="0.6 0.005 0.0001"/>
    <geom name="pedestal" type="cylinder" pos="0 0 ${tableTopHeightM + g.linkHeightAboveTableM / 2}"
          size="0.04 ${g.linkHeightAboveTableM / 2}"/>
    <body name="upper_arm" pos="0 0 ${linkZ}">
      <joint name="shoulder" range="${jointRange(0)}" damping="4" armature="0.05"/>
      <geom type="capsule" fromto="0 0 0 ${g.upperArmLengthM} 0 0" size="0.022" mass="0.6"/>
      <body name="forearm" pos="${g.upperArmLengthM} 0 0">
        <joint name="elbow" range="${jointRange(1)}" damping="2" armature="0.03"/>
        <geom type="capsule" fromto="0 0 0 ${g.forearmLengthM} 0 0" size="0.018" mass="0.4"/>
        <body name="hand" pos="${g.forearmLengthM} 0 0">
          <joint name="wrist" range="${jointRange(2)}" damping="0.4" armature="0.01"/>
          <geom type="capsule" fromto="0 0 0 ${g.handLengthM} 0 0" size="0.012" mass="0.1"/>
          <geom type="cylinder" fromto="${g.handLengthM} 0 0 ${g.handLengthM} 0 ${-paddleDropM}"
                size="0.008" mass="0.02"/>
          <geom name="paddle" type="box" pos="${g.handLengthM} 0 ${-paddleDropM}"
                size="${g.paddleHalfThicknessM} ${g.paddleHalfWidthM} ${g.paddleHalfHeightM}"
                mass="0.05" rgba="0.2 0.35 0.8 1" contype="2" conaffinity="0" friction="0.4 0.005 0.0001"/>
          <site name="${sceneNames.endEffectorSite}" pos="${g.handLengthM} 0 ${-paddleDropM}" size="0.005"/>
        </body>
      </body>
    </body>
    <body name="${sceneNames.cubeBody}" pos="0.35 0 ${tableTopHeightM + cubeHalfSizeM}">
      <freejoint name="${sceneNames.cubeJoint}"/>
      <geom type="box" size="${cubeHalfSizeM} ${cubeHalfSizeM} ${cubeHalfSizeM}" mass="${cubeMassKg}"
            rgba="0.85 0.12 0.1 1" contype="1" conaffinity="3" friction="0.6 0.005 0.0001"/>
    </body>
    <body name="${sceneNames.targetBody}" mocap="true" pos="0.5 0 ${tableTopHeightM}">
      <geom type="cylinder" size="0.03 0.0008" rgba="0.1 0.8 0.2 0.7"/>
    </body>
  </worldbody>
  <actuator>
    <position name="shoulder_servo" joint="shoulder" kp="60" ctrlrange="${jointRange(0)}" forcerange="-20 20"/>
    <position name="elbow_servo" joint="elbow" kp="40" ctrlrange="${jointRange(1)}" forcerange="-15 15"/>
    <position name="wrist_servo" joint="wrist" kp="8" ctrlrange="${jointRange(2)}" forcerange="-4 4"/>
  </actuator>
</mujoco>
`;
