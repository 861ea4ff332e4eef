// A practitioner as the calendar shows them: their initials in a box of their colour (with the
// colour's own border pattern) beside their name, so the colour is never the only sign.
import type { TypeColour } from "../../lib/appointment-colours.ts";
import { nameInitials } from "../../lib/person-name.ts";

export function PractitionerMark(
  props: { practitioner: { name: string; colour: TypeColour | null }; compact?: boolean },
) {
  const { practitioner } = props;
  const colour = practitioner.colour ? ` type-colour-${practitioner.colour}` : "";
  return (
    <span class={`practitioner-mark${colour}`}>
      <span class="practitioner-initials" aria-hidden="true">{nameInitials(practitioner.name)}</span>
      <span class="practitioner-name">{practitioner.name}</span>
    </span>
  );
}
