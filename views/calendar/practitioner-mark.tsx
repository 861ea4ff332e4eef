// A practitioner as the calendar shows them: their initials in a box of their colour (with the
// colour's own border pattern) beside their name, so the colour is never the only sign.
import type { TypeColour } from "../../lib/appointment-colours.ts";

export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => Array.from(word)[0]?.toLocaleUpperCase("de-DE") ?? "").join("");
}

export function PractitionerMark(
  props: { practitioner: { name: string; colour: TypeColour | null }; compact?: boolean },
) {
  const { practitioner } = props;
  const colour = practitioner.colour ? ` type-colour-${practitioner.colour}` : "";
  return (
    <span class={`practitioner-mark${colour}`}>
      <span class="practitioner-initials" aria-hidden="true">{initialsOf(practitioner.name)}</span>
      <span class="practitioner-name">{practitioner.name}</span>
    </span>
  );
}
