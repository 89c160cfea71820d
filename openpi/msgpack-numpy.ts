// openpi's msgpack dialect: ordinary msgpack, with numpy arrays and scalars written as maps whose
// keys are msgpack bin values (Python bytes). See /work/shared/policy-protocol.md.
import { errorMessage } from '../lib/error-message.ts';
import { addExtension, Packr, Unpackr, type Options } from 'msgpackr';

export class MsgpackNumpyError extends Error {
  override name = 'MsgpackNumpyError';
}

/** numpy dtype strings we read and write, with the typed array that holds their elements. */
const dtypeArrays = {
  '<f4': Float32Array,
  '<f8': Float64Array,
  '|u1': Uint8Array,
  '|i1': Int8Array,
  '<i2': Int16Array,
  '<u2': Uint16Array,
  '<i4': Int32Array,
  '<u4': Uint32Array,
  '<i8': BigInt64Array,
  '<u8': BigUint64Array,
  // numpy stores a bool as one byte, 0 or 1.
  '|b1': Uint8Array,
} as const;

export type NdArrayDtype = keyof typeof dtypeArrays;
export const ndArrayDtypes = Object.keys(dtypeArrays) as NdArrayDtype[];

export type NdArrayData =
  | Float32Array
  | Float64Array
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** A numpy array: `data` holds the elements in C order; `shape` [] is a 0-d array. */
export interface NdArray {
  dtype: NdArrayDtype;
  shape: number[];
  data: NdArrayData;
}

/** A numpy scalar (np.float32(1.5) and the like). Decoding yields the plain value instead. */
export class NpScalar {
  constructor(
    readonly dtype: NdArrayDtype,
    readonly value: number | bigint | boolean,
  ) {}
}

/** Builds an NdArray, checking that dtype, element type and shape agree. */
export function ndarray(
  data: NdArrayData,
  shape: readonly number[] = [data.length],
  dtype: NdArrayDtype = defaultDtype(data),
): NdArray {
  const array: NdArray = { dtype, shape: [...shape], data };
  checkNdArray(array, 'ndarray');
  return array;
}

/** An NdArray of a number, a list of numbers, or a rectangular list of lists of numbers. */
export function ndarrayFromValues(
  values: number | readonly number[] | readonly (readonly number[])[],
  dtype: Exclude<NdArrayDtype, '<i8' | '<u8'>,
): NdArray {
  const Constructor = dtypeArrays[dtype];
  if (typeof values === 'number') return ndarray(Constructor.of(values), [], dtype);
  const rows = values.map((entry) => (typeof entry === 'number' ? null : entry));
  if (values.length === 0 || rows.every((row) => row === null)) {
    return ndarray(Constructor.from(values as readonly number[]), [values.length], dtype);
  }
  const width = rows[0]?.length ?? 0;
  if (rows.some((row) => row === null || row.length !== width)) {
    throw new MsgpackNumpyError('ndarrayFromValues needs a number, a list or a rectangular list');
  }
  const flat = (rows as (readonly number[])[]).flat();
  return ndarray(Constructor.from(flat), [rows.length, width], dtype);
}

export function isNdArray(value: unknown): value is NdArray {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<NdArray>;
  return (
    typeof candidate.dtype === 'string' &&
    Array.isArray(candidate.shape) &&
    ArrayBuffer.isView(candidate.data) &&
    !(candidate.data instanceof DataView)
  );
}

/** Number of elements an array of this shape holds. */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((product, extent) => product * extent, 1);
}

/** Encodes a value tree whose leaves may be NdArray, NpScalar, typed arrays and bytes. */
export function encodeMsgpackNumpy(value: unknown): Uint8Array {
  return packr.pack(toWire(value, '$'));
}

/**
 * Decodes openpi msgpack: numpy arrays become NdArray, numpy scalars their plain value, maps
 * with string keys plain objects, other maps Map, bin Uint8Array.
 */
export function decodeMsgpackNumpy(bytes: Uint8Array): unknown {
  let decoded: unknown;
  try {
    decoded = unpackr.unpack(bytes);
  } catch (error) {
    throw new MsgpackNumpyError(`not valid msgpack: ${errorMessage(error)}`);
  }
  return fromWire(decoded, '$');
}

// Plain objects must stay msgpack maps (not msgpackr "records"), sized minimally like Python's.
const packr = new Packr({ useRecords: false, variableMapSize: true, moreTypes: false });
const unpackr = new Unpackr({
  // Maps with bin keys cannot become objects; every map decodes to a Map and is converted here.
  mapsAsObjects: false,
  useRecords: false,
  // Python writes ints above 2^32 as 64-bit: numbers when exact, bigint beyond 2^53.
  int64AsType: 'auto' as Options['int64AsType'],
});

/**
 * msgpackr writes every integral number as a msgpack int, which turns -0 into 0; Python writes
 * -0.0 as a float64. Boxing -0 keeps a policy served over the wire bit-identical to a local one.
 */
class NegativeZero {}
const negativeZero = new NegativeZero();
type AllocateForWrite = (size: number) => {
  target: Uint8Array;
  targetView: DataView;
  position: number;
};
// An extension type no peer writes; msgpackr insists on one even for raw writes.
const negativeZeroExtensionType = 0x7a;
addExtension({
  Class: NegativeZero,
  type: negativeZeroExtensionType,
  // Writes a plain msgpack float64, not an extension record.
  pack(_value: NegativeZero, allocateForWrite: AllocateForWrite): undefined {
    const { target, targetView, position } = allocateForWrite(9);
    target[position] = 0xcb;
    targetView.setFloat64(position + 1, -0);
    return undefined;
  },
  unpack(): never {
    throw new MsgpackNumpyError(`unexpected msgpack extension type ${negativeZeroExtensionType}`);
  },
} as unknown as Parameters<typeof addExtension>[0]);

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();
const binKey = (name: string): Uint8Array => textEncoder.encode(name);
const keys = {
  ndarray: '__ndarray__',
  npgeneric: '__npgeneric__',
  data: 'data',
  dtype: 'dtype',
  shape: 'shape',
} as const;

type Wire =
  null | boolean | number | bigint | string | Uint8Array | NegativeZero | Wire[] | Map<Wire, Wire>;

function toWire(value: unknown, path: string): Wire {
  switch (typeof value) {
    case 'undefined':
      return null;
    case 'boolean':
    case 'string':
    case 'bigint':
      return value;
    case 'number':
      return Object.is(value, -0) ? negativeZero : value;
    case 'object':
      break;
    case 'function':
    case 'symbol':
      throw new MsgpackNumpyError(`cannot encode a ${typeof value} at ${path}`);
  }
  if (value === null) return null;
  if (value instanceof NpScalar) {
    checkDtype(value.dtype, path);
    return new Map<Wire, Wire>([
      [binKey(keys.npgeneric), true],
      [binKey(keys.data), toWire(value.value, `${path}.data`)],
      [binKey(keys.dtype), value.dtype],
    ]);
  }
  if (isNdArray(value)) {
    checkNdArray(value, path);
    const { data } = value;
    return new Map<Wire, Wire>([
      [binKey(keys.ndarray), true],
      [binKey(keys.data), new Uint8Array(data.buffer, data.byteOffset, data.byteLength)],
      [binKey(keys.dtype), value.dtype],
      [binKey(keys.shape), [...value.shape]],
    ]);
  }
  // Bytes stay bytes (Python bytes); any other typed array is sent as a 1-d numpy array.
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return toWire(ndarray(value as NdArrayData), path);
  }
  if (Array.isArray(value)) return value.map((entry, index) => toWire(entry, `${path}[${index}]`));
  if (value instanceof Map) {
    const map = new Map<Wire, Wire>();
    for (const [key, entry] of value as Map<unknown, unknown>) {
      map.set(toWire(key, `${path} (a key)`), toWire(entry, `${path}.${String(key)}`));
    }
    return map;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new MsgpackNumpyError(
      `cannot encode a ${value.constructor?.name ?? 'non-plain object'} at ${path}`,
    );
  }
  const map = new Map<Wire, Wire>();
  for (const [key, entry] of Object.entries(value)) {
    // As in JSON: an absent optional field is left out rather than sent as nil.
    if (entry !== undefined) map.set(key, toWire(entry, `${path}.${key}`));
  }
  return map;
}

function fromWire(value: unknown, path: string): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value))
    return value.map((entry, index) => fromWire(entry, `${path}[${index}]`));
  if (value instanceof Uint8Array) return value;
  if (!(value instanceof Map)) {
    // msgpackr decodes its own extension types (Set, Error, RegExp...); openpi never sends them.
    throw new MsgpackNumpyError(
      `unexpected msgpack extension value (${value.constructor?.name ?? 'object'}) at ${path}`,
    );
  }
  const entries = [...(value as Map<unknown, unknown>)];
  const binEntries = new Map<string, unknown>();
  for (const [key, entry] of entries) {
    if (key instanceof Uint8Array) binEntries.set(textDecoder.decode(key), entry);
  }
  if (binEntries.has(keys.ndarray)) return decodeNdArray(binEntries, path);
  if (binEntries.has(keys.npgeneric)) return decodeNpGeneric(binEntries, path);
  if (entries.every(([key]) => typeof key === 'string')) {
    // fromEntries defines own properties, so a "__proto__" key cannot change the prototype.
    return Object.fromEntries(
      entries.map(([key, entry]) => [key, fromWire(entry, `${path}.${String(key)}`)]),
    );
  }
  return new Map(
    entries.map(([key, entry]) => [
      fromWire(key, `${path} (a key)`),
      fromWire(entry, `${path}.${String(key)}`),
    ]),
  );
}

const littleEndianHost = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function decodeNdArray(fields: Map<string, unknown>, path: string): NdArray {
  const dtype = checkDtype(fields.get(keys.dtype), path);
  const shape = fields.get(keys.shape);
  if (
    !Array.isArray(shape) ||
    !shape.every((extent) => typeof extent === 'number' && Number.isInteger(extent) && extent >= 0)
  ) {
    throw new MsgpackNumpyError(`numpy array at ${path}: shape must be a list of counts`);
  }
  const data = fields.get(keys.data);
  if (!(data instanceof Uint8Array)) {
    throw new MsgpackNumpyError(`numpy array at ${path}: data must be bin (bytes)`);
  }
  const Constructor = dtypeArrays[dtype];
  const length = shapeSize(shape as number[]);
  if (data.byteLength !== length * Constructor.BYTES_PER_ELEMENT) {
    throw new MsgpackNumpyError(
      `numpy array at ${path}: ${data.byteLength} data bytes do not fit shape [${shape.join(', ')}] of ${dtype}`,
    );
  }
  if (!littleEndianHost && Constructor.BYTES_PER_ELEMENT > 1) {
    throw new MsgpackNumpyError(`numpy array at ${path}: this host is big-endian; ${dtype} is not`);
  }
  // A typed-array view needs an offset that is a multiple of the element size; else copy.
  const aligned = data.byteOffset % Constructor.BYTES_PER_ELEMENT === 0;
  const bytes = aligned ? data : copyBytes(data);
  return {
    dtype,
    shape: shape as number[],
    // Decoded frames are never shared memory.
    data: new Constructor(bytes.buffer as ArrayBuffer, bytes.byteOffset, length),
  };
}

function decodeNpGeneric(fields: Map<string, unknown>, path: string): unknown {
  checkDtype(fields.get(keys.dtype), path);
  return fromWire(fields.get(keys.data), `${path}.data`);
}

function copyBytes(data: Uint8Array): Uint8Array {
  const copy = new Uint8Array(data.byteLength);
  copy.set(data);
  return copy;
}

function checkDtype(dtype: unknown, path: string): NdArrayDtype {
  if (typeof dtype !== 'string') {
    throw new MsgpackNumpyError(`numpy value at ${path}: dtype must be a string`);
  }
  if (Object.hasOwn(dtypeArrays, dtype)) return dtype as NdArrayDtype;
  throw new MsgpackNumpyError(`numpy value at ${path}: ${describeUnsupportedDtype(dtype)}`);
}

function describeUnsupportedDtype(dtype: string): string {
  const supported = `supported: ${ndArrayDtypes.join(' ')}`;
  if (dtype.startsWith('>')) return `dtype "${dtype}" is big-endian; ${supported}`;
  const kind = dtype.replace(/^[<>|=]/, '').charAt(0);
  const kinds: Record<string, string> = {
    O: 'object',
    c: 'complex',
    V: 'void (structured)',
    U: 'unicode string',
    S: 'byte string',
  };
  const what = kinds[kind];
  return what === undefined
    ? `dtype "${dtype}" is not supported; ${supported}`
    : `dtype "${dtype}" (${what}) is not supported; ${supported}`;
}

function defaultDtype(data: NdArrayData): NdArrayDtype {
  const match = ndArrayDtypes.find((dtype) => data instanceof dtypeArrays[dtype]);
  if (match === undefined)
    throw new MsgpackNumpyError('ndarray: data is not a numeric typed array');
  return match;
}

function checkNdArray(array: NdArray, path: string): void {
  const dtype = checkDtype(array.dtype, path);
  if (!(array.data instanceof dtypeArrays[dtype])) {
    throw new MsgpackNumpyError(
      `numpy array at ${path}: dtype ${dtype} needs a ${dtypeArrays[dtype].name}, got ${array.data.constructor.name}`,
    );
  }
  if (!array.shape.every((extent) => Number.isInteger(extent) && extent >= 0)) {
    throw new MsgpackNumpyError(
      `numpy array at ${path}: shape [${array.shape.join(', ')}] must be non-negative integers`,
    );
  }
  if (shapeSize(array.shape) !== array.data.length) {
    throw new MsgpackNumpyError(
      `numpy array at ${path}: shape [${array.shape.join(', ')}] does not hold ${array.data.length} elements`,
    );
  }
}
