import type { Child } from "hono/jsx";

/**
 * A table that may be wider than a phone: it scrolls sideways inside this box, never the page.
 * The box is a named region in the tab order, so a keyboard can scroll it too (WCAG 2.1.1).
 */
export function TableRegion(props: { label: string; children: Child }) {
  return (
    <div class="table-scroll" role="region" aria-label={props.label} tabindex={0}>
      {props.children}
    </div>
  );
}
