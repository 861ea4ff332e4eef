// Text contrast of static/app.css against WCAG 2 (AA: 4.5:1 for normal text), computed from the
// stylesheet itself, so a later edit of a colour is measured too.
import { suite } from "uvu";
import * as assert from "uvu/assert";

const css = await Deno.readTextFile(new URL("../../static/app.css", import.meta.url));
const test = suite("Colour contrast of app.css");

function block(selector: string): Record<string, string> {
  const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = css.match(new RegExp(`(?:^|\\n)${escaped}\\s*\\{([^}]*)\\}`));
  if (!match) throw new Error(`no rule for ${selector}`);
  return Object.fromEntries(
    match[1].split(";").map((d) => d.split(":").map((p) => p.trim())).filter((d) => d.length === 2 && d[0]),
  );
}

const root = block(":root");
function colour(value: string | undefined): string {
  const resolved = value?.match(/^var\((--[\w-]+)\)$/) ? root[value.slice(4, -1)] : value;
  if (!resolved || !/^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(resolved)) throw new Error(`not a hex colour: ${value}`);
  return resolved.length === 4 ? "#" + [...resolved.slice(1)].map((c) => c + c).join("") : resolved;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

test("the formula gives WCAG's known values", () => {
  assert.is(contrastRatio("#000000", "#ffffff").toFixed(1), "21.0");
  assert.is(contrastRatio("#777777", "#ffffff").toFixed(2), "4.48");
});

test("cancelled appointments: at least 4.5:1, by colour and not by opacity", () => {
  const cancelled = block(".appointment-cancelled");
  assert.is(cancelled.opacity, undefined, "opacity would blend text and background");
  const ratio = contrastRatio(
    colour(cancelled.color),
    colour(cancelled.background ?? block(".appointment").background),
  );
  assert.ok(ratio >= 4.5, `${ratio.toFixed(2)}:1`);
});

test("free slots and the hour the clock skips are readable too", () => {
  const skipped = block(".slot-nonexistent");
  assert.ok(contrastRatio(colour(skipped.color), colour(skipped.background)) >= 4.5);
  assert.ok(contrastRatio(colour(block(".slot-book").color), colour(root["--paper"])) >= 4.5);
  assert.ok(contrastRatio(colour(root["--muted"]), colour(root["--wash"])) >= 4.5, "muted text on the page");
});

test("an appointment type's label is ink on white, whatever its colour: the colour is only its border", () => {
  const label = block(".appointment-type");
  assert.ok(contrastRatio(colour(label.color), colour(label.background)) >= 4.5);
  const typed = block(".appointment-typed");
  assert.is(typed.color, undefined, "the type's colour never colours the text");
  assert.is(typed.background, undefined);
});

test("the now line's label and a practitioner's initials are readable; the colour is only a border", () => {
  const now = block(".now-label:not(:empty)");
  assert.ok(contrastRatio(colour(now.color), colour(now.background)) >= 4.5);
  const initials = block(".practitioner-initials");
  assert.ok(contrastRatio(colour(initials.color), colour(initials.background)) >= 4.5);
});

test.run();
