// Series colours of the charts: distinct for the common colour-vision deficiencies (Okabe–Ito order,
// darkened where needed for contrast on white), repeated when there are more registers than colours.
const SERIES_COLOURS = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#d55e00',
  '#8a7a00',
  '#555555',
];

export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] as string;
}
