import {
  actionLength,
  actionModes,
  actionWidth,
  defaultActionMode,
  describeActionRow,
  parseActionMode,
  sceneCameraNames,
  type ActionMode,
  type EpisodeContext,
  type Observation,
  type Policy,
  type RgbImage,
} from '../sim/index.ts';
import { maxImageSizePx, type CameraRequest } from '../sim/render/camera-request.ts';
import { arenaObservationMap, observationPathProblem } from './arena-layout.ts';
import { actionRowsOf } from './action-rows.ts';
import { droidObservationLayout } from './droid-layout.ts';
import { ndarrayFromValues } from './msgpack-numpy.ts';
import type { EndpointNetworks } from './endpoint-networks.ts';
import { OpenpiClient } from './openpi-client.ts';
import type { OpenpiMap } from './openpi-map.ts';
import { rgbNdArray } from './rgb-ndarray.ts';

/** The observation layouts a remote policy may name instead of a map of its own. */
export const observationLayouts = ['arena', 'droid'] as const;
export type ObservationLayout = (typeof observationLayouts)[number];

/** The size of the camera images a remote policy receives (CameraRequest without cameras). */
export type RemoteImageSize = Omit<CameraRequest, 'cameras'>;

/**
 * A policy served by an openpi server. `observation` is `arena` (the whole Observation, for
 * policy-arena's own servers), `droid` (DROID's keys: three camera images, joint and gripper
 * positions, prompt; see droid-layout.ts) or a map from the server's observation keys to
 * Observation fields, e.g. `{ "observation/joint_position": "jointPositionsRad", "prompt":
 * "instruction", "observation/wrist_image_left": "images.wrist" }`; map fields take one entry
 * (`objectPositions.cube`, `actionBounds.lowerRad`, `images.exterior_1`).
 */
export interface RemotePolicySpec {
  /** ws:// or wss:// */
  url: string;
  apiKey?: string;
  observation: ObservationLayout | Record<string, string>;
  /**
   * The camera images' size (224 × 224 by default; `resizeWithPad` renders at width × height and
   * pads to a square, as DROID does). In the arena layout, asking for it sends every scene camera.
   */
  images?: RemoteImageSize;
  /** How the arm values are read; else the server's metadata `action_mode`, else joint-position. */
  actionMode?: ActionMode;
  /**
   * Which columns of each row of the server's `actions` make our action, as many as the mode's
   * action has (8 in the joint modes, 7 in ee-delta); the leading ones by default.
   */
  actionColumns?: number[];
  /** Rows of each chunk executed before asking again; the whole chunk by default. */
  executeSteps?: number;
}

export interface RemotePolicyOptions {
  /** Limit for connecting and for each inference (30 s by default). */
  timeoutMs?: number;
  /** Where the server may be (see OpenpiClientOptions); undefined connects anywhere. */
  networks?: EndpointNetworks;
}

export class InvalidRemotePolicySpecError extends Error {
  override name = 'InvalidRemotePolicySpecError';
  constructor(
    /** The offending field: `url`, `observation["prompt"]`, `actionColumns[2]`... */
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field} ${problem}`);
  }
}

/** The server answered, but not with actions we can use. */
export class RemotePolicyError extends Error {
  override name = 'RemotePolicyError';
}

const specFields = [
  'url',
  'apiKey',
  'observation',
  'images',
  'actionMode',
  'actionColumns',
  'executeSteps',
] as const;
const maxActionColumn = 4096;
/** More rows than any served chunk has (pi0's are 10 to 50): a larger value is a mistake. */
export const maxExecuteSteps = 1000;
/** An observation mapping names a handful of keys; more is a mistake, or an attack on storage. */
const maxObservationKeys = 64;
const maxObservationKeyLength = 200;

/** Checks untrusted input (an API request body) and returns the spec with only known fields. */
export function validateRemotePolicySpec(value: unknown): RemotePolicySpec {
  const invalid = (field: string, problem: string): never => {
    throw new InvalidRemotePolicySpecError(field, problem);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalid('spec', 'must be an object with url and observation');
  }
  const input = value as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!(specFields as readonly string[]).includes(key)) {
      invalid(key, `is not a remote policy field; fields: ${specFields.join(', ')}`);
    }
  }

  const { url, apiKey, observation, images, actionMode, actionColumns, executeSteps } = input;
  if (typeof url !== 'string' || !isWebSocketUrl(url)) {
    invalid('url', `must be a ws:// or wss:// URL (got ${JSON.stringify(url)})`);
  }
  const spec: RemotePolicySpec = { url: url as string, observation: 'arena' };

  if (apiKey !== undefined) {
    // It goes into an HTTP header: printable ASCII only.
    if (typeof apiKey !== 'string' || !/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(apiKey)) {
      invalid('apiKey', 'must be a non-empty string of printable ASCII characters');
    }
    spec.apiKey = apiKey as string;
  }

  if (observation === 'droid') spec.observation = 'droid';
  else if (observation !== 'arena') {
    if (typeof observation !== 'object' || observation === null || Array.isArray(observation)) {
      invalid(
        'observation',
        'must be "arena", "droid" or a map from openpi keys to observation fields',
      );
    }
    const mapping = Object.entries(observation as Record<string, unknown>);
    if (mapping.length === 0) invalid('observation', 'must map at least one openpi key');
    if (mapping.length > maxObservationKeys) {
      invalid('observation', `must map at most ${maxObservationKeys} openpi keys`);
    }
    for (const [key, path] of mapping) {
      const field = `observation[${JSON.stringify(key)}]`;
      if (key === '') invalid('observation', 'has an empty openpi key');
      if (key.length > maxObservationKeyLength) {
        invalid(
          'observation',
          `has an openpi key longer than ${maxObservationKeyLength} characters`,
        );
      }
      if (typeof path !== 'string') {
        invalid(field, 'must name an observation field, e.g. "jointPositionsRad"');
      }
      const problem = observationPathProblem(path as string);
      if (problem !== null) invalid(field, `is invalid: ${problem}`);
    }
    spec.observation = Object.fromEntries(mapping) as Record<string, string>;
  }

  if (images !== undefined) spec.images = validImageSize(images);

  if (actionMode !== undefined) {
    const mode = parseActionMode(actionMode);
    if (mode === undefined) invalid('actionMode', `must be one of ${actionModes.join(', ')}`);
    spec.actionMode = mode;
  }

  if (actionColumns !== undefined) {
    const width = actionWidth(spec.actionMode ?? defaultActionMode);
    if (!Array.isArray(actionColumns) || actionColumns.length !== width) {
      invalid(
        'actionColumns',
        `must be a list of ${width} column indices (${describeActionRow(spec.actionMode ?? defaultActionMode)}, the ${spec.actionMode ?? defaultActionMode} mode's action)`,
      );
    }
    for (const [index, column] of (actionColumns as unknown[]).entries()) {
      if (
        typeof column !== 'number' ||
        !Number.isInteger(column) ||
        column < 0 ||
        column > maxActionColumn
      ) {
        invalid(`actionColumns[${index}]`, `must be a column index from 0 to ${maxActionColumn}`);
      }
    }
    spec.actionColumns = [...(actionColumns as number[])];
  }

  if (executeSteps !== undefined) {
    if (
      typeof executeSteps !== 'number' ||
      !Number.isInteger(executeSteps) ||
      executeSteps < 1 ||
      executeSteps > maxExecuteSteps
    ) {
      invalid('executeSteps', `must be a whole number from 1 to ${maxExecuteSteps}`);
    }
    spec.executeSteps = executeSteps as number;
  }
  return spec;
}

function validImageSize(images: unknown): RemoteImageSize {
  if (typeof images !== 'object' || images === null || Array.isArray(images)) {
    throw new InvalidRemotePolicySpecError(
      'images',
      'must be an object with width, height and/or resizeWithPad (pixels)',
    );
  }
  const fields = ['width', 'height', 'resizeWithPad'] as const;
  const size: { -readonly [field in (typeof fields)[number]]?: number } = {};
  for (const [key, value] of Object.entries(images)) {
    const field = fields.find((name) => name === key);
    if (field === undefined) {
      throw new InvalidRemotePolicySpecError(
        `images.${key}`,
        `is not an image field; fields: ${fields.join(', ')}`,
      );
    }
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < 1 ||
      value > maxImageSizePx
    ) {
      throw new InvalidRemotePolicySpecError(
        `images.${field}`,
        `must be a whole number of pixels from 1 to ${maxImageSizePx}`,
      );
    }
    size[field] = value;
  }
  return size;
}

/** The scene cameras a spec's observation carries images of, or undefined for none. */
function camerasOf(spec: RemotePolicySpec): CameraRequest | undefined {
  const cameras =
    spec.observation === 'arena'
      ? spec.images === undefined
        ? []
        : Object.values(sceneCameraNames)
      : Object.values(observationMapOf(spec.observation))
          .filter((path) => path.startsWith(imagePathPrefix))
          .map((path) => path.slice(imagePathPrefix.length));
  if (cameras.length === 0) return undefined;
  return { ...spec.images, cameras: [...new Set(cameras)] };
}

const imagePathPrefix = 'images.';

function observationMapOf(
  observation: Exclude<RemotePolicySpec['observation'], 'arena'>,
): Readonly<Record<string, string>> {
  return observation === 'droid' ? droidObservationLayout : observation;
}

/** A sim Policy whose decisions come from an openpi server; one connection per episode. */
export function createRemotePolicy(
  spec: RemotePolicySpec,
  options: RemotePolicyOptions = {},
): Policy {
  return new RemotePolicy(validateRemotePolicySpec(spec), options);
}

class RemotePolicy implements Policy {
  readonly executeSteps: number | undefined;
  readonly cameras: CameraRequest | undefined;
  private client: OpenpiClient | null = null;
  private seed = 0;
  private context: EpisodeContext | undefined;

  constructor(
    private readonly spec: RemotePolicySpec,
    private readonly options: RemotePolicyOptions,
  ) {
    this.executeSteps = spec.executeSteps;
    this.cameras = camerasOf(spec);
  }

  get actionMode(): ActionMode {
    const announced = this.client?.metadata.action_mode;
    if (this.spec.actionMode !== undefined) return this.spec.actionMode;
    return parseActionMode(announced) ?? defaultActionMode;
  }

  /** openpi has no reset message: a fresh connection is a fresh episode. */
  async reset(seed: number, context?: EpisodeContext): Promise<void> {
    await this.dispose();
    this.seed = seed;
    this.context = context;
    this.client = await OpenpiClient.connect(this.spec.url, {
      apiKey: this.spec.apiKey,
      timeoutMs: this.options.timeoutMs,
      networks: this.options.networks,
    });
  }

  async act(observation: Observation): Promise<number[][]> {
    if (this.client === null) throw new RemotePolicyError('act() before reset()');
    const request =
      this.spec.observation === 'arena'
        ? arenaObservationMap(observation, this.seed, this.context)
        : mappedObservation(observation, observationMapOf(this.spec.observation));
    const result = await this.client.infer(request);
    return ourActionRows(result, this.spec.actionColumns, this.actionMode);
  }

  async dispose(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.close();
  }
}

/**
 * Numbers become float32 arrays (a scalar has shape [1]) and camera images uint8 arrays of shape
 * (H, W, 3), as openpi's clients send them.
 */
export function mappedObservation(
  observation: Observation,
  mapping: Readonly<Record<string, string>>,
): OpenpiMap {
  const request: OpenpiMap = {};
  for (const [key, path] of Object.entries(mapping)) {
    let value: unknown = observation;
    for (const part of path.split('.')) {
      value =
        typeof value === 'object' && value !== null && Object.hasOwn(value, part)
          ? (value as Record<string, unknown>)[part]
          : undefined;
    }
    if (value === undefined) throw new RemotePolicyError(`the observation has no ${path}`);
    if (path.startsWith(imagePathPrefix)) request[key] = rgbNdArray(value as RgbImage);
    else if (typeof value === 'string') request[key] = value;
    else if (typeof value === 'number') request[key] = ndarrayFromValues([value], '<f4');
    else if (Array.isArray(value) && value.every((entry) => typeof entry === 'number')) {
      request[key] = ndarrayFromValues(value, '<f4');
    } else throw new RemotePolicyError(`observation field ${path} is not a number, list or text`);
  }
  return request;
}

/**
 * The server's `actions`, (H, A) or (A), as rows of the action mode's values picked by `columns`.
 * Without `columns`, rows as wide as the mode's action pass as they are (an ee-delta row also
 * with the unused seventh arm value), and wider ones give their leading columns: a server that
 * pads its actions (as openpi's models do to their action dimension) needs no column list.
 */
function ourActionRows(
  result: OpenpiMap,
  columns: readonly number[] | undefined,
  mode: ActionMode,
): number[][] {
  const actions = result.actions;
  if (actions === undefined) {
    throw new RemotePolicyError(
      `the policy server's result has no "actions" (keys: ${Object.keys(result).join(', ') || 'none'})`,
    );
  }
  const { rows, problem } = actionRowsOf(actions);
  if (rows === null) throw new RemotePolicyError(`the policy server's ${problem}`);
  const width = rows[0]?.length ?? 0;
  if (columns === undefined) {
    const passes = width <= actionWidth(mode) || (mode === 'ee-delta' && width === actionLength);
    return passes ? rows : rows.map((row) => row.slice(0, actionWidth(mode)));
  }
  const outOfRange = columns.findIndex((column) => column >= width);
  if (outOfRange >= 0) {
    throw new RemotePolicyError(
      `actionColumns[${outOfRange}] is ${columns[outOfRange]}, but the policy server's "actions" ` +
        `has ${width} columns`,
    );
  }
  return rows.map((row) => columns.map((column) => row[column] ?? Number.NaN));
}

function isWebSocketUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'ws:' || protocol === 'wss:';
  } catch {
    return false;
  }
}
