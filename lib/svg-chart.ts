// Geometry of a bar chart drawn on the server as SVG: the view turns these numbers into
// elements; no client library, no inline style. Values are integers (cents); the scale rounds
// up to a "nice" maximum so the grid lines fall on readable amounts.

export interface Bar {
  label: string;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GridLine {
  value: number;
  y: number;
}

export interface BarChart {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  bars: Bar[];
  grid: GridLine[];
  /** Where the zero line is: bars of negative values (a month of cancellations) hang below it. */
  baseline: number;
}

/** The smallest of 1, 2, 2.5, 5 × 10^n that is at least `value`. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 0;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

export function barChart(
  points: readonly { label: string; value: number }[],
  size: { width: number; height: number; gridLines?: number } = { width: 640, height: 240 },
): BarChart {
  const plot = { left: 72, top: 12, right: size.width - 8, bottom: size.height - 28 };
  const lines = size.gridLines ?? 4;
  const max = niceCeiling(Math.max(0, ...points.map((p) => p.value)));
  const min = -niceCeiling(Math.max(0, ...points.map((p) => -p.value)));
  const span = max - min || 1;
  const plotHeight = plot.bottom - plot.top;
  const yOf = (value: number) => round(plot.top + ((max - value) / span) * plotHeight);
  const baseline = yOf(0);
  const slot = points.length ? (plot.right - plot.left) / points.length : 0;
  const bars = points.map((point, index) => {
    const top = yOf(Math.max(point.value, 0));
    const bottom = yOf(Math.min(point.value, 0));
    return {
      label: point.label,
      value: point.value,
      x: round(plot.left + index * slot + slot * 0.15),
      y: top,
      width: round(slot * 0.7),
      height: bottom - top,
    };
  });
  const grid = Array.from({ length: lines + 1 }, (_, i) => {
    const value = Math.round(min + (span * i) / lines);
    return { value, y: yOf(value) };
  });
  return { width: size.width, height: size.height, plot, bars, grid, baseline };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
