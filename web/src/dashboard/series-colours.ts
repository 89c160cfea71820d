/** Distinguishable line colours (Okabe-Ito, colour-blind safe), repeated past eight policies. */
const palette = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
  '#000000',
  '#f0e442',
];

export function seriesColour(index: number): string {
  return palette[index % palette.length]!;
}
