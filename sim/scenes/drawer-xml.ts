import { sceneNames, tableTopHeightM } from './arm-geometry.ts';
import { cabinetCentreHeightM, drawerGeometry as d } from './drawer-geometry.ts';

/**
 * A cabinet (a mocap body, so each episode can place it) holding a drawer on a slide joint that
 * opens towards the arm (-x). The handle is a bar along y held out from the front panel, with
 * room behind it for a finger.
 */
export function drawerXml(friction: string, massScale: number): string {
  const [cx, cy, cz] = d.cabinetHalfSizeM;
  const [px, py, pz] = d.frontPanelHalfSizeM;
  const handleX = -cx - d.handleStandoffM;
  const postLength = d.handleStandoffM - 2 * px;
  const postX = -cx - 2 * px - postLength / 2;
  const post = (y: number): string =>
    `<geom type="box" pos="${postX} ${y} 0" size="${postLength / 2} 0.006 0.006" rgba="0.8 0.8 0.82 1" contype="1" conaffinity="1" friction="${friction}"/>`;
  return `<body name="${sceneNames.cabinetBody}" mocap="true" pos="0.62 0 ${tableTopHeightM + cabinetCentreHeightM}">
      <geom type="box" size="${cx} ${cy} ${cz}" rgba="0.45 0.5 0.6 1" contype="1" conaffinity="1"/>
      <body name="${sceneNames.drawerBody}">
        <joint name="${sceneNames.drawerJoint}" type="slide" axis="-1 0 0" limited="true" range="0 ${d.maxOpeningM}" damping="${d.slideDampingNsPerM}" frictionloss="${d.slideFrictionLossN}" armature="0.05"/>
        <geom type="box" pos="${-cx - px} 0 0" size="${px} ${py} ${pz}" mass="${d.drawerMassKg * massScale * 0.4}" rgba="0.85 0.62 0.3 1" contype="1" conaffinity="1" friction="${friction}"/>
        <geom type="box" pos="${-px} 0 ${-cz + 0.02}" size="${cx - px} ${py} 0.015" mass="${d.drawerMassKg * massScale * 0.6}" rgba="0.85 0.62 0.3 1"/>
        ${post(d.handleHalfLengthM)}
        ${post(-d.handleHalfLengthM)}
        <geom type="capsule" fromto="${handleX} ${-d.handleHalfLengthM - 0.01} 0 ${handleX} ${d.handleHalfLengthM + 0.01} 0" size="${d.handleRadiusM}" mass="0.02" rgba="0.8 0.8 0.82 1" contype="1" conaffinity="1" friction="${friction}"/>
        <site name="${sceneNames.drawerHandleSite}" pos="${handleX} 0 0" size="0.004"/>
      </body>
    </body>`;
}
