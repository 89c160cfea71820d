// openpi's msgpack with numpy arrays, checked against bytes written by hand from the msgpack spec
// (what Python's msgpack writes for openpi's pack_array), not against our own encoder.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeMsgpackNumpy,
  encodeMsgpackNumpy,
  isNdArray,
  MsgpackNumpyError,
  ndarray,
  ndArrayDtypes,
  ndarrayFromValues,
  NpScalar,
  type NdArray,
  type NdArrayData,
  type NdArrayDtype,
} from '../openpi/index.ts';

const ascii = (text: string): number[] => [...Buffer.from(text, 'ascii')];
/** bin 8: 0xc4, a one-byte length, the bytes. */
const bin8 = (bytes: number[]): number[] => [0xc4, bytes.length, ...bytes];
/** fixstr: 0xa0 | length, then UTF-8. */
const fixstr = (text: string): number[] => [0xa0 | text.length, ...ascii(text)];
const littleEndian = (array: NdArrayData): number[] => [
  ...new Uint8Array(array.buffer, array.byteOffset, array.byteLength),
];
/** float 64: 0xcb and the IEEE double, big-endian as msgpack wants. */
const float64 = (value: number): number[] => {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleBE(value);
  return [0xcb, ...bytes];
};

/** A numpy array as openpi writes it: a fixmap of four entries whose keys are bin 8. */
function numpyArrayBytes(dtype: string, shape: number[], data: number[]): number[] {
  return [
    0x84,
    ...bin8(ascii('__ndarray__')),
    0xc3,
    ...bin8(ascii('data')),
    ...bin8(data),
    ...bin8(ascii('dtype')),
    ...fixstr(dtype),
    ...bin8(ascii('shape')),
    0x90 | shape.length,
    ...shape,
  ];
}

test('a float32 array decodes from the exact bytes Python writes, and encodes back to them', () => {
  const golden = Uint8Array.from([
    0x82, // fixmap, 2 entries
    ...[0xa5, ...ascii('state')], // fixstr "state"
    0x84, // the array: fixmap, 4 entries with bin 8 keys
    ...[0xc4, 0x0b, ...ascii('__ndarray__')],
    0xc3, // true
    ...[0xc4, 0x04, ...ascii('data')],
    ...[0xc4, 0x08, 0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x00, 0xc0], // 1.5f, -2f little-endian
    ...[0xc4, 0x05, ...ascii('dtype')],
    ...[0xa3, 0x3c, 0x66, 0x34], // "<f4"
    ...[0xc4, 0x05, ...ascii('shape')],
    ...[0x91, 0x02], // [2]
    ...[0xa6, ...ascii('prompt')],
    ...[0xa2, ...ascii('hi')],
  ]);

  const decoded = decodeMsgpackNumpy(golden) as { state: NdArray; prompt: string };
  assert.deepEqual(Object.keys(decoded), ['state', 'prompt']);
  assert.equal(decoded.prompt, 'hi');
  assert.ok(isNdArray(decoded.state));
  assert.equal(decoded.state.dtype, '<f4');
  assert.deepEqual(decoded.state.shape, [2]);
  assert.ok(decoded.state.data instanceof Float32Array);
  assert.deepEqual([...decoded.state.data], [1.5, -2]);

  const encoded = encodeMsgpackNumpy({
    state: ndarray(Float32Array.of(1.5, -2)),
    prompt: 'hi',
  });
  assert.deepEqual([...encoded], [...golden]);
});

test('an action chunk (H, A) of float64 decodes whatever the alignment of its data', () => {
  const values = Float64Array.from({ length: 2 * 8 }, (_, index) => index / 3 - 2);
  // Keys of 1 to 8 letters shift the data through every offset modulo 8.
  for (let keyLength = 1; keyLength <= 8; keyLength += 1) {
    const golden = Uint8Array.from([
      0x81,
      ...fixstr('k'.repeat(keyLength)),
      ...numpyArrayBytes('<f8', [2, 8], littleEndian(values)),
    ]);
    const decoded = decodeMsgpackNumpy(golden) as Record<string, NdArray>;
    const actions = decoded['k'.repeat(keyLength)];
    assert.ok(actions !== undefined && actions.data instanceof Float64Array);
    assert.deepEqual(actions.shape, [2, 8]);
    assert.deepEqual([...actions.data], [...values]);
    assert.equal(actions.data.byteOffset % 8, 0);
  }
});

test('numpy scalars decode to their plain values', () => {
  const scalar = (dtype: string, data: number[]): number[] => [
    0x83,
    ...bin8(ascii('__npgeneric__')),
    0xc3,
    ...bin8(ascii('data')),
    ...data,
    ...bin8(ascii('dtype')),
    ...fixstr(dtype),
  ];
  const golden = Uint8Array.from([
    0x92, // fixarray of 2
    ...scalar('<f8', float64(3.25)),
    ...scalar('<i8', [0x07]),
  ]);
  assert.deepEqual(decodeMsgpackNumpy(golden), [3.25, 7]);
  const encoded = encodeMsgpackNumpy([new NpScalar('<f8', 3.25), new NpScalar('<i8', 7)]);
  // Python writes 3.25 as float 64; msgpackr is free to, and the decoded values must agree.
  assert.deepEqual(decodeMsgpackNumpy(encoded), [3.25, 7]);
  assert.ok(Buffer.from(encoded).includes(Buffer.from(bin8(ascii('__npgeneric__')))));
});

test('every supported dtype survives a round trip, as the bin-keyed map openpi expects', () => {
  const samples: Record<NdArrayDtype, NdArrayData> = {
    '<f4': Float32Array.of(1.5, -0.25, 3e38, -1e-30, 0, 7),
    '<f8': Float64Array.of(Math.PI, -Number.MAX_VALUE, Number.MIN_VALUE, 0, -0, 1e300),
    '|u1': Uint8Array.of(0, 1, 127, 128, 254, 255),
    '|i1': Int8Array.of(-128, -1, 0, 1, 126, 127),
    '<i2': Int16Array.of(-32768, -1, 0, 1, 256, 32767),
    '<u2': Uint16Array.of(0, 1, 255, 256, 4096, 65535),
    '<i4': Int32Array.of(-(2 ** 31), -1, 0, 1, 65536, 2 ** 31 - 1),
    '<u4': Uint32Array.of(0, 1, 65535, 65536, 2 ** 31, 2 ** 32 - 1),
    '<i8': BigInt64Array.of(-(2n ** 63n), -1n, 0n, 1n, 2n ** 53n + 1n, 2n ** 63n - 1n),
    '<u8': BigUint64Array.of(0n, 1n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n),
    '|b1': Uint8Array.of(1, 0, 0, 1, 1, 0),
  };
  assert.deepEqual(Object.keys(samples).sort(), [...ndArrayDtypes].sort());
  for (const dtype of ndArrayDtypes) {
    const data = samples[dtype];
    const array = ndarray(data, [2, 3], dtype);
    for (const prefix of ['', 'x', 'xyz']) {
      const bytes = encodeMsgpackNumpy({ [`${prefix}array`]: array });
      // The array's map keys are bin 8, exactly as Python bytes are written.
      const keyBytes = Buffer.from(bin8(ascii('__ndarray__')));
      assert.ok(Buffer.from(bytes).includes(keyBytes), `${dtype}: bin 8 key`);
      const decoded = (decodeMsgpackNumpy(bytes) as Record<string, NdArray>)[`${prefix}array`];
      assert.ok(decoded !== undefined);
      assert.equal(decoded.dtype, dtype);
      assert.deepEqual(decoded.shape, [2, 3]);
      assert.equal(decoded.data.constructor, data.constructor, dtype);
      assert.deepEqual([...decoded.data], [...data], dtype);
      assert.deepEqual(littleEndian(decoded.data), littleEndian(data), `${dtype}: same bytes`);
    }
  }
});

test('ndarrayFromValues builds 0-d, 1-d and 2-d arrays', () => {
  assert.deepEqual(ndarrayFromValues(2.5, '<f8'), {
    dtype: '<f8',
    shape: [],
    data: Float64Array.of(2.5),
  });
  assert.deepEqual(ndarrayFromValues([1, 2, 3], '<f4').shape, [3]);
  const rows = ndarrayFromValues(
    [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
    '<i4',
  );
  assert.deepEqual(rows.shape, [3, 2]);
  assert.deepEqual([...rows.data], [1, 2, 3, 4, 5, 6]);
  assert.throws(() => ndarrayFromValues([[1, 2], [3]], '<f4'), MsgpackNumpyError);
});

test('plain values stay plain: string-keyed maps are objects, others are Maps, bytes are bytes', () => {
  const golden = Uint8Array.from([
    0x84,
    ...fixstr('nested'),
    ...[0x81, ...fixstr('a'), 0x93, 0x01, 0xff, 0xc0], // {a: [1, -1, nil]}
    ...fixstr('by_int'),
    ...[0x81, 0x01, ...fixstr('one')], // {1: "one"}
    ...fixstr('raw'),
    ...bin8([1, 2, 3]),
    ...fixstr('big'),
    ...[0xcf, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00], // uint 64: 2^32
  ]);
  const decoded = decodeMsgpackNumpy(golden) as Record<string, unknown>;
  assert.deepEqual(decoded.nested, { a: [1, -1, null] });
  assert.deepEqual(decoded.by_int, new Map([[1, 'one']]));
  assert.deepEqual([...(decoded.raw as Uint8Array)], [1, 2, 3]);
  assert.equal(decoded.big, 2 ** 32);
});

test('-0 is written as a float 64, so a number crosses the wire bit for bit', () => {
  const bytes = encodeMsgpackNumpy({ v: -0, w: [0, -0, 1.5] });
  assert.ok(Buffer.from(bytes).includes(Buffer.from(float64(-0))));
  const decoded = decodeMsgpackNumpy(bytes) as { v: number; w: number[] };
  assert.ok(Object.is(decoded.v, -0));
  assert.ok(Object.is(decoded.w[0], 0));
  assert.ok(Object.is(decoded.w[1], -0));
});

test('big-endian, object and complex dtypes are refused with the dtype named', () => {
  const cases: [string, RegExp][] = [
    ['>f4', /dtype ">f4" is big-endian/],
    ['|O', /dtype "\|O" \(object\) is not supported/],
    ['<c8', /dtype "<c8" \(complex\) is not supported/],
    ['<f2', /dtype "<f2" is not supported; supported: <f4 <f8/],
  ];
  for (const [dtype, message] of cases) {
    const golden = Uint8Array.from(numpyArrayBytes(dtype, [1], [0, 0, 0, 0, 0, 0, 0, 0]));
    assert.throws(
      () => decodeMsgpackNumpy(golden),
      (error) => error instanceof MsgpackNumpyError && message.test(error.message),
      dtype,
    );
  }
  assert.throws(
    () => encodeMsgpackNumpy(new NpScalar('>f8' as NdArrayDtype, 1)),
    /dtype ">f8" is big-endian/,
  );
});

test('malformed arrays and values that have no msgpack form are refused', () => {
  const tooShort = Uint8Array.from(numpyArrayBytes('<f4', [2], [0, 0, 0, 0]));
  assert.throws(() => decodeMsgpackNumpy(tooShort), /4 data bytes do not fit shape \[2\] of <f4/);
  assert.throws(() => decodeMsgpackNumpy(Uint8Array.of(0x92, 0x01)), MsgpackNumpyError);
  assert.throws(() => ndarray(Float32Array.of(1, 2, 3), [2, 2]), /does not hold 3 elements/);
  assert.throws(
    () => encodeMsgpackNumpy({ a: { dtype: '<f8', shape: [1], data: Float32Array.of(1) } }),
    /dtype <f8 needs a Float64Array, got Float32Array/,
  );
  assert.throws(
    () => encodeMsgpackNumpy({ when: new Date(0) }),
    /cannot encode a Date at \$\.when/,
  );
});
