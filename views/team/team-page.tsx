import { Layout } from "../layout.tsx";
import { TableRegion } from "../components/table-region.tsx";
import type { PageContext } from "../page-context.ts";
import type { Role } from "../../lib/permissions.ts";

export interface MemberRow {
  id: string;
  account_id: string;
  name: string;
  email: string;
  role: Role;
  status: "active" | "locked";
  current: boolean;
  ends_on: Date | null;
  locations: string[] | null;
}

export function TeamPage(props: { page: PageContext; members: MemberRow[]; selfAccountId: string }) {
  const { page } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("team.title")}>
      <h1>{t("team.title")}</h1>
      <p>
        <a href="/team/locations">{t("locations.title")}</a>
        {page.can("team.manage") && (
          <>
            {" "}
            <a href="/team/invitations">{t("invitations.new")}</a>
          </>
        )}
      </p>
      <section class="panel">
        <h2>{t("team.members")}</h2>
        <TableRegion label={t("team.members")}>
          <table class="table">
            <thead>
              <tr>
                <th>{t("team.name")}</th>
                <th>{t("team.email")}</th>
                <th>{t("team.role")}</th>
                <th>{t("team.locations")}</th>
                <th>{t("team.endsOn")}</th>
                <th>{t("team.status")}</th>
              </tr>
            </thead>
            <tbody>
              {props.members.map((member) => (
                <tr key={member.id} data-membership-id={member.id}>
                  <td>
                    {page.can("team.manage") ? <a href={`/team/members/${member.id}`}>{member.name}</a> : member.name}
                    {member.account_id === props.selfAccountId && <span class="muted">({t("team.you")})</span>}
                  </td>
                  <td class="email">{member.email}</td>
                  <td>{t(`role.${member.role}`)}</td>
                  <td>{member.locations ? member.locations.join(", ") : t("team.allLocations")}</td>
                  <td>{member.ends_on ? member.ends_on.toISOString().slice(0, 10) : "–"}</td>
                  <td>
                    {t(
                      member.status === "locked"
                        ? "team.statusLocked"
                        : member.current
                        ? "team.statusActive"
                        : "team.statusEnded",
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
        {page.can("team.manage") && (
          <p>
            <a href="/team/lock-practice">{t("locks.practiceLink")}</a>
          </p>
        )}
      </section>
    </Layout>
  );
}
