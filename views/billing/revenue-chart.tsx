// The revenue bar chart as inline SVG drawn on the server: geometry from lib/svg-chart.ts, colours
// from classes in styles/50-billing-reports.css (no style attribute, no script). The same figures
// stand in a table beside it, so the chart is an image with a title and a description only.
import type { PageContext } from "../page-context.ts";
import { barChart } from "../../lib/svg-chart.ts";
import { formatEuro } from "../../lib/money.ts";

export function RevenueChart(props: {
  page: PageContext;
  id: string;
  title: string;
  description: string;
  points: { label: string; value: number }[];
}) {
  const chart = barChart(props.points);
  const axisLabel = (cents: number) =>
    formatEuro(cents, props.page.lang).replace(/[,.]00(?=\s|$|€)/, "").replace(/\s?€$/, " €");
  return (
    <svg
      class="revenue-chart"
      viewBox={`0 0 ${chart.width} ${chart.height}`}
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.description}</desc>
      {chart.grid.map((line) => (
        <g key={line.value} class="chart-grid">
          <line x1={chart.plot.left} x2={chart.plot.right} y1={line.y} y2={line.y} />
          <text x={chart.plot.left - 6} y={line.y + 4} text-anchor="end">{axisLabel(line.value)}</text>
        </g>
      ))}
      <line class="chart-baseline" x1={chart.plot.left} x2={chart.plot.right} y1={chart.baseline} y2={chart.baseline} />
      {chart.bars.map((bar) => (
        <g key={bar.label}>
          <rect
            class={bar.value < 0 ? "chart-bar chart-bar-negative" : "chart-bar"}
            x={bar.x}
            y={bar.y}
            width={bar.width}
            height={bar.height}
          />
          <text class="chart-label" x={bar.x + bar.width / 2} y={chart.plot.bottom + 18} text-anchor="middle">
            {bar.label}
          </text>
        </g>
      ))}
    </svg>
  );
}
