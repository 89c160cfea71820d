/** The cabinet and drawer of the open-drawer task, in the cabinet's frame (front face at -x). */
export const drawerGeometry = {
  cabinetHalfSizeM: [0.1, 0.14, 0.07] as const,
  // Low enough that the palm clears its top edge while the fingers hold the handle.
  frontPanelHalfSizeM: [0.01, 0.12, 0.028] as const,
  /** From the cabinet's front face to the handle bar's axis, towards the arm. */
  handleStandoffM: 0.065,
  handleHalfLengthM: 0.05,
  handleRadiusM: 0.01,
  maxOpeningM: 0.2,
  slideDampingNsPerM: 8,
  slideFrictionLossN: 1,
  drawerMassKg: 0.8,
} as const;

/** Height of the cabinet's centre, and of the handle, above the table top. */
export const cabinetCentreHeightM = drawerGeometry.cabinetHalfSizeM[2];
