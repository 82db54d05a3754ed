// The data the chart components draw: plain numbers already mapped from API answers (reports/*).

export interface BarSeries {
  name: string;
  /** One value per category, in category order. */
  values: number[];
}

export interface LinePoint {
  /** Milliseconds since the epoch. */
  x: number;
  y: number;
}

export interface LineSeries {
  name: string;
  /** Sorted by x. */
  points: LinePoint[];
}
