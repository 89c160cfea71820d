/** The openpi websocket policy protocol: client, server, codec and the sim policy adapters. */
export {
  decodeMsgpackNumpy,
  encodeMsgpackNumpy,
  isNdArray,
  MsgpackNumpyError,
  ndarray,
  ndArrayDtypes,
  ndarrayFromValues,
  NpScalar,
  shapeSize,
} from './msgpack-numpy.ts';
export type { NdArray, NdArrayData, NdArrayDtype } from './msgpack-numpy.ts';
export { actionRowsOf } from './action-rows.ts';
export type { ActionRows } from './action-rows.ts';
export { isOpenpiMap } from './openpi-map.ts';
export type { OpenpiMap } from './openpi-map.ts';
export {
  OpenpiConnectionError,
  OpenpiError,
  OpenpiProtocolError,
  OpenpiServerError,
  OpenpiTimeoutError,
} from './openpi-errors.ts';
export { checkOpenpiHealth, defaultOpenpiTimeoutMs, OpenpiClient } from './openpi-client.ts';
export {
  EndpointNetworks,
  EndpointNetworksError,
  networkClasses,
  normaliseIp,
} from './endpoint-networks.ts';
export type { NetworkClass } from './endpoint-networks.ts';
export {
  checkEndpoint,
  checkLiteralEndpoint,
  EndpointRefusedError,
  guardedLookup,
} from './endpoint-check.ts';
export { redactUrl, redacted } from './redact-url.ts';
export type { OpenpiClientOptions, OpenpiHealth } from './openpi-client.ts';
export {
  createOpenpiUpgradeHandler,
  openpiApiKeyAccepted,
  serveOpenpiConnection,
  startOpenpiServer,
} from './openpi-server.ts';
export type {
  OpenpiAccessOptions,
  OpenpiServer,
  OpenpiServerOptions,
  OpenpiServiceOptions,
  OpenpiSession,
  OpenpiUpgradeHandler,
} from './openpi-server.ts';
export {
  arenaKeys,
  arenaObservationMap,
  ArenaObservationError,
  observationPathProblem,
  readArenaObservation,
} from './arena-layout.ts';
export type { ArenaRequest } from './arena-layout.ts';
export { droidKeys, droidObservationLayout } from './droid-layout.ts';
export {
  builtinPolicyMetadata,
  builtinPolicyService,
  createBuiltinPolicySession,
  serveBuiltinPolicy,
} from './builtin-policy-session.ts';
export {
  createRemotePolicy,
  InvalidRemotePolicySpecError,
  mappedObservation,
  RemotePolicyError,
  validateRemotePolicySpec,
} from './remote-policy.ts';
export type { RemotePolicyOptions, RemotePolicySpec } from './remote-policy.ts';
