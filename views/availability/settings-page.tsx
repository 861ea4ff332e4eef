// The calendar settings: whose working hours to open, one's own calendar feed, the owner's
// rule on names in feeds, and the way to the rooms.
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";
import { CsrfField, Notice } from "../components/form.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import type { FeedDetail } from "../../db/schema-calendar.ts";
import { momentText } from "./format.ts";

export interface OwnFeed {
  /** Whether the signed-in person has appointments of their own and may write the calendar. */
  eligible: boolean;
  live?: { shows: FeedDetail; created_at: Date; last_used_at: Date | null };
  /** The full address right after creation: shown once, never stored. */
  newUrl?: string;
}

export interface SettingsPageProps {
  page: PageContext;
  practitioners: { id: string; name: string }[];
  selfId: string;
  feed: OwnFeed;
  fullNamesAllowed: boolean;
  canManage: boolean;
  notice?: MessageKey;
}

export function SettingsPage(props: SettingsPageProps) {
  const { page } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("availability.title")}>
      <h1>{t("availability.title")}</h1>
      <p>{t("availability.intro")}</p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}

      <section class="panel" aria-labelledby="practitioners-heading">
        <h2 id="practitioners-heading">{t("availability.practitioners")}</h2>
        {props.practitioners.length === 0 ? <p>{t("availability.noPractitioners")}</p> : (
          <ul class="availability-list">
            {props.practitioners.map((practitioner) => (
              <li key={practitioner.id}>
                <a href={`/calendar/settings/practitioners/${practitioner.id}`}>{practitioner.name}</a>
                {practitioner.id === props.selfId && <span class="muted">{` (${t("availability.you")})`}</span>}
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href="/calendar/settings/rooms">{t("availability.rooms")}</a>
        </p>
        <p>
          <a href="/calendar/settings/types">{t("appointmentTypes.title")}</a>
        </p>
        {props.canManage && (
          <p>
            <a href="/calendar/settings/messages">{t("patientMessages.settingsTitle")}</a>
          </p>
        )}
        {page.can("practice.policy") && (
          <p>
            <a href="/calendar/settings/online-booking">{t("onlineBookings.settings")}</a>
          </p>
        )}
      </section>

      {page.can("calendar.write") && <FeedSection {...props} />}
      {props.canManage && <PolicySection {...props} />}
    </Layout>
  );
}

function FeedSection(props: SettingsPageProps) {
  const { page, feed } = props;
  const t = page.t;
  const choices: FeedDetail[] = props.fullNamesAllowed ? ["busy", "initials", "full_names"] : ["busy", "initials"];
  return (
    <section class="panel" aria-labelledby="feed-heading">
      <h2 id="feed-heading">{t("availability.feed")}</h2>
      {!feed.eligible ? <p>{t("availability.feedNotPractitioner")}</p> : (
        <>
          <p>{t("availability.feedIntro")}</p>
          {feed.newUrl && (
            <div class="notice" role="status">
              <p>{t("availability.feedCreated")}</p>
              <label for="feed-url">{t("availability.feedUrl")}</label>
              <input id="feed-url" type="text" readonly value={feed.newUrl} class="feed-url" />
            </div>
          )}
          {feed.live
            ? (
              <>
                <p>
                  {t("availability.feedActive", {
                    created: momentText(page.lang, feed.live.created_at),
                    used: feed.live.last_used_at
                      ? momentText(page.lang, feed.live.last_used_at)
                      : t("availability.feedNeverUsed"),
                  })}
                </p>
                <p>
                  {t("availability.feedCurrentShows", {
                    shows: t(`availability.feedShows.${feed.live.shows}` as MessageKey),
                  })}
                </p>
                <form method="post" action="/calendar/settings/feed/revoke" class="inline-form">
                  <CsrfField token={page.csrfToken} />
                  <button type="submit">{t("availability.feedRevoke")}</button>
                </form>
              </>
            )
            : <p>{t("availability.feedNone")}</p>}
          <form method="post" action="/calendar/settings/feed" class="stack">
            <CsrfField token={page.csrfToken} />
            <fieldset>
              <legend>{t("availability.feedShows")}</legend>
              {choices.map((choice) => (
                <label class="checkbox" key={choice}>
                  <input
                    type="radio"
                    name="shows"
                    value={choice}
                    checked={choice === (feed.live?.shows ?? "busy")}
                  />
                  <span>{t(`availability.feedShows.${choice}` as MessageKey)}</span>
                </label>
              ))}
            </fieldset>
            <button type="submit" class="primary">
              {feed.live ? t("availability.feedReplace") : t("availability.feedCreate")}
            </button>
          </form>
        </>
      )}
    </section>
  );
}

function PolicySection(props: SettingsPageProps) {
  const { page } = props;
  const t = page.t;
  return (
    <section class="panel" aria-labelledby="policy-heading">
      <h2 id="policy-heading">{t("availability.policy")}</h2>
      <p>{t("availability.policyIntro")}</p>
      <p>
        <strong>{props.fullNamesAllowed ? t("availability.policyAllowed") : t("availability.policyForbidden")}</strong>
      </p>
      <form method="post" action="/calendar/settings/feed-policy" class="stack">
        <CsrfField token={page.csrfToken} />
        <label class="checkbox">
          <input type="checkbox" name="full_names" value="yes" checked={props.fullNamesAllowed} />
          <span>{t("availability.policyFullNames")}</span>
        </label>
        <button type="submit" class="primary">{t("availability.policySave")}</button>
      </form>
    </section>
  );
}
