import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, Notice, TextField } from "../components/form.tsx";

export function LocationsPage(props: {
  page: PageContext;
  locations: { id: string; name: string; address: string }[];
  canManage: boolean;
  values: Record<string, string>;
  errors: FieldErrors;
  saved?: boolean;
}) {
  const { page, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("locations.title")}>
      <h1>{t("locations.title")}</h1>
      <p>{t("locations.intro")}</p>
      {props.saved && <Notice>{t("locations.saved")}</Notice>}
      <ul class="location-list">
        {props.locations.map((location) => (
          <li key={location.id} class="panel">
            <strong>{location.name}</strong>
            {location.address && <span class="muted">{location.address}</span>}
          </li>
        ))}
      </ul>
      {props.canManage && (
        <section class="panel">
          <h2>{t("locations.add")}</h2>
          <ErrorSummary page={page} errors={errors} />
          <form method="post" action="/team/locations" class="stack" novalidate>
            <CsrfField token={page.csrfToken} />
            <TextField
              page={page}
              name="name"
              label={t("locations.name")}
              value={props.values.name}
              error={errors.name}
              maxLength={120}
            />
            <TextField
              page={page}
              name="address"
              label={t("locations.address")}
              value={props.values.address}
              error={errors.address}
              maxLength={300}
              optional
            />
            <button type="submit" class="primary">{t("locations.save")}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}
