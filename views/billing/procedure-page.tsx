// The procedure documentation (technical part) with the practice's actual settings: a plain,
// printable page (the print style hides the header and footer).
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { formatEuro } from "../../lib/money.ts";
import { LEVEL_TITLES } from "../../lib/dunning-letter.ts";
import type { DatevSettings } from "../../lib/datev-extf.ts";
import type { LevelSetting } from "../../lib/dunning.ts";

/** What the page states about the practice (db/procedure-facts.ts reads it). */
export interface ProcedureFacts {
  billing: {
    legalName: string;
    taxNumber: string;
    vatId: string;
    numberPattern: string;
    numberRestart: "yearly" | "continuous";
    paymentDays: number;
    smallBusiness: boolean;
    frontDeskPayments: boolean;
  };
  datev: DatevSettings | null;
  dunning: LevelSetting[];
  counters: { year: number; lastNumber: number }[];
  issuedCount: number;
  members: { role: string; count: number }[];
}

export interface ProcedurePageProps {
  page: PageContext;
  facts: ProcedureFacts;
  today: string;
  practiceName: string;
  databaseServer: boolean;
  backups: { dir: string; keepDays: number; encrypted: boolean };
}

function day(isoDay: string, lang: "de" | "en") {
  const [y, m, d] = isoDay.split("-");
  return lang === "de" ? `${d}.${m}.${y}` : isoDay;
}

function Fact(props: { term: string; children: unknown }) {
  return (
    <>
      <dt>{props.term}</dt>
      <dd>{props.children}</dd>
    </>
  );
}

export function ProcedurePage(props: ProcedurePageProps) {
  const { page, facts } = props;
  const t = page.t;
  const money = (cents: number) => formatEuro(cents, page.lang);
  const billing = facts.billing;
  const taxId = [billing.taxNumber, billing.vatId].filter(Boolean).join(" / ") || t("procedure.notSet");
  return (
    <Layout page={page} title={t("procedure.title")}>
      <h1>{t("procedure.title")}</h1>
      <p>{t("procedure.generated", { date: day(props.today, page.lang), practice: props.practiceName })}</p>
      <p>{t("procedure.intro")}</p>
      <p class="muted no-print">{t("procedure.print")}</p>

      <h2>{t("procedure.numbering")}</h2>
      <p>{t("procedure.numberingText")}</p>
      <dl>
        <Fact term={t("procedure.pattern")}>{billing.numberPattern}</Fact>
        <Fact term={t("procedure.restart")}>
          {billing.numberRestart === "yearly" ? t("procedure.restartYearly") : t("procedure.restartContinuous")}
        </Fact>
        <Fact term={t("procedure.counters")}>
          {facts.counters.length === 0
            ? t("procedure.noCounters")
            : facts.counters.map((c) =>
              c.year === 0
                ? t("procedure.counterContinuous", { number: c.lastNumber })
                : t("procedure.counterYear", { year: c.year, number: c.lastNumber })
            ).join(", ")}
        </Fact>
        <Fact term={t("procedure.issuedCount")}>{String(facts.issuedCount)}</Fact>
        <Fact term={t("procedure.paymentDays")}>{t("procedure.paymentDaysValue", { days: billing.paymentDays })}</Fact>
      </dl>

      <h2>{t("procedure.storage")}</h2>
      <p>{t("procedure.storageText")}</p>
      <dl>
        <Fact term={t("procedure.database")}>
          {props.databaseServer ? t("procedure.databaseServer") : t("procedure.databaseEmbedded")}
        </Fact>
      </dl>

      <h2>{t("procedure.correction")}</h2>
      <p>{t("procedure.correctionText")}</p>
      <dl>
        <Fact term={t("procedure.dunningLevels")}>
          <ul>
            {facts.dunning.map((level) => (
              <li key={level.level}>
                {t("procedure.dunningLevel", {
                  title: t(LEVEL_TITLES[level.level]),
                  days: level.daysOverdue,
                  fee: money(level.feeCents),
                })}
              </li>
            ))}
          </ul>
        </Fact>
      </dl>

      <h2>{t("procedure.vat")}</h2>
      <p>{billing.smallBusiness ? t("procedure.smallBusinessYes") : t("procedure.smallBusinessNo")}</p>
      <dl>
        <Fact term={t("procedure.taxNumber")}>{taxId}</Fact>
      </dl>

      <h2>{t("procedure.retention")}</h2>
      <p>{t("procedure.retentionText")}</p>
      <dl>
        <Fact term={t("procedure.backups")}>
          {`${t("procedure.backupsValue", { dir: props.backups.dir, days: props.backups.keepDays })}, ${
            props.backups.encrypted ? t("procedure.backupsEncrypted") : t("procedure.backupsPlain")
          }`}
        </Fact>
      </dl>

      <h2>{t("procedure.exports")}</h2>
      <p>{t("procedure.exportsText")}</p>
      <dl>
        <Fact term={t("procedure.datev")}>
          {facts.datev
            ? (
              <>
                {t("procedure.datevValue", {
                  chart: facts.datev.chart,
                  consultant: facts.datev.consultantNumber,
                  client: facts.datev.clientNumber,
                  start: facts.datev.fiscalYearStart,
                })}
                <br />
                {t("procedure.datevAccounts", {
                  receivable: facts.datev.receivableAccount,
                  bank: facts.datev.bankAccount,
                  cash: facts.datev.cashAccount,
                  exempt: facts.datev.revenueAccounts.exempt,
                  standard: facts.datev.revenueAccounts.standard,
                  reduced: facts.datev.revenueAccounts.reduced,
                  small: facts.datev.revenueAccounts.small_business,
                })}
              </>
            )
            : t("procedure.datevMissing")}
        </Fact>
      </dl>

      <h2>{t("procedure.access")}</h2>
      <p>{t("procedure.accessText")}</p>
      <dl>
        <Fact term={t("procedure.frontDeskPayments")}>
          {billing.frontDeskPayments ? t("procedure.yes") : t("procedure.no")}
        </Fact>
        <Fact term={t("procedure.members")}>
          {facts.members.map((m) =>
            t("procedure.memberCount", { role: t(`role.${m.role}` as MessageKey), count: m.count })
          )
            .join(", ")}
        </Fact>
      </dl>

      <h2>{t("procedure.noCashRegister")}</h2>
      <p>{t("procedure.noCashRegisterText")}</p>
    </Layout>
  );
}
