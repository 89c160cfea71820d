/**
 * Loads the MuJoCo WebAssembly module once per process and turns MJCF strings into
 * MjModel/MjData pairs. Everything MuJoCo-specific that is not scene or task logic lives here.
 */
import loadMujocoModule from 'mujoco-js';
import type { MainModule, MjData, MjModel } from 'mujoco-js';

/** Where MJCF strings are written inside Emscripten's in-memory file system. */
const mjcfDirectory = '/policy-arena-mjcf';

export class MjcfLoadError extends Error {
  override name = 'MjcfLoadError';
  constructor(
    readonly label: string,
    cause: unknown,
  ) {
    super(`MuJoCo rejected the MJCF "${label}": ${describeWasmException(cause)}`, { cause });
  }
}

let mujocoPromise: Promise<MainModule> | null = null;
let mjcfFileCounter = 0;

/** The MuJoCo module, instantiated (about 100 ms) on first use and shared afterwards. */
export function loadMujoco(): Promise<MainModule> {
  mujocoPromise ??= instantiateMujoco().catch((error: unknown) => {
    // A failed instantiation must not poison the process: the next caller retries.
    mujocoPromise = null;
    throw error;
  });
  return mujocoPromise;
}

async function instantiateMujoco(): Promise<MainModule> {
  const mujoco = await loadMujocoModule();
  mujoco.FS.mkdir(mjcfDirectory);
  mujoco.FS.mount(mujoco.MEMFS, { root: '.' }, mjcfDirectory);
  return mujoco;
}

export interface LoadedMjcf {
  readonly mujoco: MainModule;
  readonly model: MjModel;
  readonly data: MjData;
  /** Frees the WASM memory of the model and data; neither may be used afterwards. */
  dispose(): void;
}

/** Compiles an MJCF string (no external assets) into a model with one data instance. */
export async function loadMjcf(xml: string, label = 'scene'): Promise<LoadedMjcf> {
  const mujoco = await loadMujoco();
  mjcfFileCounter += 1;
  const path = `${mjcfDirectory}/${label.replace(/[^\w-]/g, '_')}-${mjcfFileCounter}.xml`;
  mujoco.FS.writeFile(path, xml);
  let model: MjModel;
  try {
    model = mujoco.MjModel.loadFromXML(path);
  } catch (error) {
    throw new MjcfLoadError(label, error);
  } finally {
    // The compiled model keeps no reference to its source file.
    mujoco.FS.unlink(path);
  }
  const data = new mujoco.MjData(model);
  let disposed = false;
  return {
    mujoco,
    model,
    data,
    dispose() {
      if (disposed) return;
      disposed = true;
      data.delete();
      model.delete();
    },
  };
}

/** MuJoCo arrays are typed `any` by the bindings; this checks and names what they really are. */
export function float64View(value: unknown, field: string): Float64Array {
  if (!(value instanceof Float64Array))
    throw new TypeError(`MuJoCo field ${field} is not a Float64Array`);
  return value;
}

export function int32View(value: unknown, field: string): Int32Array {
  if (!(value instanceof Int32Array))
    throw new TypeError(`MuJoCo field ${field} is not an Int32Array`);
  return value;
}

/** Emscripten C++ exceptions carry only their type name (e.g. mjXError), not the parser's text. */
function describeWasmException(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
