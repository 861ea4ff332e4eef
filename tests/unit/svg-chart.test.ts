import { suite } from "uvu";
import * as assert from "uvu/assert";
import { barChart, niceCeiling } from "../../lib/svg-chart.ts";

const chart = suite("server-drawn bar chart");

chart("the scale rounds up to 1, 2, 2.5 or 5 times a power of ten", () => {
  assert.is(niceCeiling(0), 0);
  assert.is(niceCeiling(7), 10);
  assert.is(niceCeiling(180_000), 200_000);
  assert.is(niceCeiling(230_000), 250_000);
  assert.is(niceCeiling(410_000), 500_000);
  assert.is(niceCeiling(100_000), 100_000);
});

chart("bars stand on the baseline, the tallest reaches as high as its value on the scale", () => {
  const result = barChart([{ label: "Jan", value: 100_000 }, { label: "Feb", value: 200_000 }, {
    label: "Mär",
    value: 0,
  }]);
  const { plot, bars, baseline } = result;
  assert.is(baseline, plot.bottom);
  assert.is(bars[1].y, plot.top, "200.000 is the top of the 200.000 scale");
  assert.is(bars[1].y + bars[1].height, baseline);
  assert.is(bars[0].height * 2, bars[1].height);
  assert.is(bars[2].height, 0);
  assert.ok(bars.every((bar) => bar.x >= plot.left && bar.x + bar.width <= plot.right));
  assert.ok(bars[0].x < bars[1].x && bars[1].x < bars[2].x, "in order");
  assert.equal(result.grid.map((line) => line.value), [0, 50_000, 100_000, 150_000, 200_000]);
});

chart("a negative month hangs below the zero line; no data draws no bars and no NaN", () => {
  const { bars, baseline, plot } = barChart([{ label: "a", value: 100 }, { label: "b", value: -50 }]);
  assert.ok(baseline > plot.top && baseline < plot.bottom);
  assert.is(bars[1].y, baseline);
  assert.ok(bars[1].height > 0);
  const empty = barChart([]);
  assert.equal(empty.bars, []);
  assert.ok(empty.grid.every((line) => Number.isFinite(line.y)));
});

chart.run();
