import type { RgbImage } from '../sim/render/resize-with-pad.ts';
import { ndarray, type NdArray } from './msgpack-numpy.ts';

/** An RGB image as openpi servers take camera frames: uint8, shape (H, W, 3). */
export function rgbNdArray(image: RgbImage): NdArray {
  return ndarray(image.data, [image.height, image.width, 3], '|u1');
}

/** The image an (H, W, 3) uint8 array holds, or null when the array is not one. */
export function imageFromNdArray(array: NdArray): RgbImage | null {
  const [height = 0, width = 0, channels = 0] = array.shape;
  if (array.dtype !== '|u1' || array.shape.length !== 3 || channels !== 3) return null;
  return { width, height, data: array.data as Uint8Array };
}
