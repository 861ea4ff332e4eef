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
/** The tokens dark mode swaps in: the first :root inside a prefers-color-scheme: dark block. */
const darkRoot: Record<string, string> = (() => {
  const match = css.match(/@media \(prefers-color-scheme: dark\) \{\s*:root \{([^}]*)\}/);
  if (!match) throw new Error("no dark tokens");
  return Object.fromEntries(
    match[1].split(";").map((d) => d.split(":").map((p) => p.trim())).filter((d) => d.length === 2 && d[0]),
  );
})();
function colour(value: string | undefined, tokens: Record<string, string> = root): string {
  const resolved = value?.match(/^var\((--[\w-]+)\)$/) ? tokens[value.slice(4, -1)] ?? root[value.slice(4, -1)] : value;
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

// Text on its background, as the design system pairs them: every pair in both colour schemes.
const TEXT_PAIRS: Array<[string, string]> = [
  ["--ink", "--paper"],
  ["--ink", "--wash"],
  ["--muted", "--paper"],
  ["--muted", "--wash"],
  ["--accent", "--paper"],
  ["--accent", "--wash"],
  ["--accent", "--accent-wash"],
  ["--accent-ink", "--accent"],
  ["--ink", "--accent-wash"],
  ["--danger", "--paper"],
  ["--danger", "--danger-wash"],
  ["--danger-ink", "--danger"],
  ["--ink", "--danger-wash"],
  ["--ok", "--paper"],
  ["--ok", "--ok-wash"],
  ["--warn", "--warn-wash"],
  ["--ink", "--warn-wash"],
  ["--ink", "--event"],
  ["--ink", "--busy"],
  ["--ink", "--absent"],
  ["--faint", "--faint-wash"],
  ["--muted", "--off-a"],
];

for (const [scheme, tokens] of [["light", root], ["dark", darkRoot]] as const) {
  test(`${scheme} scheme: text on every background of the design system is at least 4.5:1`, () => {
    const failing = TEXT_PAIRS.map(([text, background]) => ({
      pair: `${text} on ${background}`,
      ratio: contrastRatio(colour(`var(${text})`, tokens), colour(`var(${background})`, tokens)),
    })).filter((result) => result.ratio < 4.5);
    assert.equal(failing.map((f) => `${f.pair}: ${f.ratio.toFixed(2)}`), []);
  });

  test(`${scheme} scheme: field edges and the focus ring stand out from the page (3:1, WCAG 1.4.11)`, () => {
    for (const background of ["--paper", "--wash"]) {
      for (const edge of ["--edge", "--focus"]) {
        const ratio = contrastRatio(colour(`var(${edge})`, tokens), colour(`var(${background})`, tokens));
        assert.ok(ratio >= 3, `${edge} on ${background}: ${ratio.toFixed(2)}`);
      }
    }
  });
}

test("dark mode swaps every colour token the light scheme defines", () => {
  const colourTokens = Object.keys(root).filter((name) => /^#/.test(root[name]));
  assert.equal(colourTokens.filter((name) => !(name in darkRoot)), []);
});

test.run();
