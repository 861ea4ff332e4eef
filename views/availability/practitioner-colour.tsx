// A practitioner's colour in the calendar: shown with their initials and name beside it (never
// colour alone), chosen here by the practitioner or whoever manages the calendar.
import type { FieldErrors, PageContext } from "../page-context.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { TYPE_COLOURS, type TypeColour } from "../../lib/appointment-colours.ts";
import { CsrfField } from "../components/form.tsx";
import { SelectField } from "../calendar/fields.tsx";
import { PractitionerMark } from "../calendar/practitioner-mark.tsx";

export function PractitionerColourSection(props: {
  page: PageContext;
  practitioner: { id: string; name: string; colour: TypeColour | null };
  canEdit: boolean;
  base: string;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { page, practitioner } = props;
  const t = page.t;
  return (
    <section class="panel" aria-labelledby="colour-heading">
      <h2 id="colour-heading">{t("calendarViews.colour")}</h2>
      <p class="muted">{t("calendarViews.colourIntro")}</p>
      <p>
        <PractitionerMark practitioner={practitioner} />
      </p>
      {props.canEdit && (
        <form method="post" action={`${props.base}/colour`} class="stack" novalidate>
          <CsrfField token={page.csrfToken} />
          <SelectField
            page={page}
            name="calendar_colour"
            label={t("calendarViews.colour")}
            value={props.values.calendar_colour ?? practitioner.colour ?? ""}
            options={[
              { value: "", label: t("calendarViews.noColour") },
              ...TYPE_COLOURS.map((colour) => ({
                value: colour,
                label: t(`appointmentTypes.colour.${colour}` as MessageKey),
              })),
            ]}
            error={props.errors.calendar_colour}
          />
          <button type="submit" class="primary">{t("calendarViews.colourSave")}</button>
        </form>
      )}
    </section>
  );
}
