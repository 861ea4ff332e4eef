// createApp(deps): the whole Hono application, testable with app.request() and no network.
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { QueueFullError } from "./lib/semaphore.ts";
import { isDatabaseUnavailable } from "./db/database.ts";
import { passwordHashing, saturationReport } from "./lib/password.ts";
import type { AppDeps, AppEnv } from "./routes/app-env.ts";
import { requestContext } from "./routes/middleware/request-context.ts";
import { compression } from "./routes/middleware/compression.ts";
import { securityHeaders } from "./routes/middleware/security-headers.ts";
import { session } from "./routes/middleware/session.ts";
import { i18n } from "./routes/middleware/i18n.ts";
import { csrf } from "./routes/middleware/csrf.ts";
import { streamingBodyLimit } from "./routes/middleware/body-limit.ts";
import { renderError } from "./routes/errors.tsx";
import { staticRoutes } from "./routes/static.ts";
import { healthRoutes } from "./routes/health.ts";
import { registrationRoutes } from "./routes/registration.tsx";
import { signInRoutes } from "./routes/sign-in.tsx";
import { homeRoutes } from "./routes/home.tsx";
import { todayRoutes } from "./routes/today.tsx";
import { noticeRoutes } from "./routes/notices.tsx";
import { protocolRoutes } from "./routes/protocol.tsx";
import { languageRoutes } from "./routes/language.ts";
import { termsRoutes } from "./routes/terms.tsx";
import { devOutboxRoutes } from "./routes/dev-outbox.tsx";
import { secondFactorRoutes } from "./routes/second-factor.tsx";
import { enrolmentRoutes } from "./routes/enrolment.tsx";
import { securityRoutes } from "./routes/security.tsx";
import { passwordRoutes } from "./routes/password.tsx";
import { practiceRoutes } from "./routes/practices.tsx";
import { teamRoutes } from "./routes/team.tsx";
import { practiceAccessRoutes } from "./routes/practice-access.ts";
import { teamMemberRoutes } from "./routes/team-members.tsx";
import { teamMemberKeyRoutes } from "./routes/team-member-keys.tsx";
import { reissueRoutes } from "./routes/reissue.tsx";
import { lossReportRoutes } from "./routes/loss-report.tsx";
import { webauthnRoutes } from "./routes/webauthn.ts";
import { operatorRoutes } from "./routes/operator.tsx";
import { invitationRoutes } from "./routes/invitations.tsx";
import { appointmentImportRoutes } from "./routes/appointment-import.tsx";
import { patientImportRoutes } from "./routes/patient-import.tsx";
import { patientRoutes } from "./routes/patients.tsx";
import { calendarRoutes } from "./routes/calendar.tsx";
import { availabilityRoutes } from "./routes/availability.tsx";
import { appointmentTypeRoutes } from "./routes/appointment-types.tsx";
import { invoiceRoutes } from "./routes/invoices.tsx";
import { serviceRoutes } from "./routes/services.tsx";
import { billingPatientRoutes } from "./routes/billing-patients.tsx";
import { calendarFeedRoutes } from "./routes/calendar-feed.ts";
import { noteRoutes } from "./routes/notes.tsx";
import { documentRoutes } from "./routes/documents.tsx";
import { billingExportRoutes } from "./routes/billing-exports.tsx";
import { dunningRoutes } from "./routes/dunning.tsx";
import { billingReportRoutes } from "./routes/billing-reports.tsx";
import { shareLinkRoutes } from "./routes/share-links.tsx";
import { patientMessageRoutes } from "./routes/patient-messages.tsx";
import { appointmentLinkRoutes } from "./routes/appointment-link.tsx";
import { dataKeyRoutes } from "./routes/data-key.tsx";
import { metricsRoutes } from "./routes/metrics.ts";
import { onlineBookingRoutes } from "./routes/online-booking.tsx";
import { bookingConfirmationRoutes } from "./routes/booking-confirmations.tsx";
import { onlineBookingPracticeRoutes } from "./routes/online-booking-practice.tsx";
import { bookingProposalRoutes } from "./routes/booking-proposals.tsx";
import { createMetrics, type Metrics } from "./lib/metrics.ts";
import { registerDatabaseGauges } from "./db/metric-sources.ts";

export type { AppDeps };

/** The password hashing queue (Argon2id, one hash per CPU): its backlog and what it refused. */
function registerHashingGauges(metrics: Metrics) {
  const gauge = (name: string, help: string, read: () => number) =>
    metrics.gauge(name, help, () => Promise.resolve(read()));
  gauge(
    "kartei_password_hashing_waiting",
    "Password checks waiting for a hashing slot (public queue)",
    () => passwordHashing.waiting,
  );
  gauge(
    "kartei_password_hashing_reserved_waiting",
    "Sign-ins of approved browsers waiting (reserved queue)",
    () => passwordHashing.reservedWaiting,
  );
  gauge(
    "kartei_password_hashing_refused_public",
    "Password checks refused with 503: public queue full (since start)",
    () => passwordHashing.refused.public,
  );
  gauge(
    "kartei_password_hashing_refused_reserved",
    "Sign-ins of approved browsers refused with 503: reserved queue full (since start)",
    () => passwordHashing.refused.reserved,
  );
}

// Forms are small; 2 MB leaves room for a pasted 1 MB value to get a friendly inline message.
const MAX_FORM_BYTES = 2 * 1024 * 1024;
const UPLOAD_PATH = /\/(documents|consents|import\/file)$/;

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const metrics = deps.metrics ?? createMetrics();
  registerDatabaseGauges(metrics, deps.db, deps.clock);
  registerHashingGauges(metrics);

  app.use(requestContext(deps.log, metrics));
  app.use(async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.use(securityHeaders(deps.config));
  app.route("/static", staticRoutes(deps.assets));
  app.route("/", healthRoutes(deps.db, deps.log, deps.clock, { shuttingDown: () => deps.shuttingDown?.() ?? false }));
  app.route("/", metricsRoutes(metrics));

  app.use(async (c, next) => {
    await next();
    // Pages can show personal data (and every page a CSRF token): never keep them in shared or
    // browser caches. Outside the middleware below, so their refusals (403, 413) are covered.
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
  });
  app.use(compression());
  const tooLarge = (c: Context) => renderError(c as never, 413, "error.tooLarge.title", "error.tooLarge.body");
  const formLimit = bodyLimit({ maxSize: MAX_FORM_BYTES, onError: tooLarge });
  // Uploads (documents, signed consent forms) may be as large as a document plus its form fields;
  // they stream on into the encrypted chunks, so the limit counts without collecting.
  const uploadLimit = streamingBodyLimit(deps.config.documentMaxBytes + 64 * 1024, tooLarge);
  app.use((c, next) =>
    c.req.method === "POST" && UPLOAD_PATH.test(c.req.path) ? uploadLimit(c, next) : formLimit(c, next)
  );
  app.use(session());
  app.use(i18n(deps.config));
  app.use(csrf(deps.config));

  app.route("/", homeRoutes());
  app.route("/", todayRoutes());
  app.route("/", noticeRoutes());
  app.route("/", protocolRoutes());
  app.route("/", registrationRoutes());
  app.route("/", signInRoutes());
  app.route("/", secondFactorRoutes());
  app.route("/", enrolmentRoutes());
  app.route("/", securityRoutes());
  app.route("/", passwordRoutes());
  app.route("/", practiceRoutes());
  app.route("/", teamRoutes());
  app.route("/", practiceAccessRoutes());
  app.route("/", teamMemberRoutes());
  app.route("/", teamMemberKeyRoutes());
  app.route("/", reissueRoutes());
  app.route("/", lossReportRoutes());
  app.route("/", invitationRoutes());
  app.route("/", webauthnRoutes());
  app.route("/", operatorRoutes());
  app.route("/", patientImportRoutes());
  app.route("/", appointmentImportRoutes());
  app.route("/", patientRoutes());
  app.route("/", calendarRoutes());
  app.route("/", availabilityRoutes());
  app.route("/", appointmentTypeRoutes());
  app.route("/", invoiceRoutes());
  app.route("/", serviceRoutes());
  app.route("/", billingPatientRoutes());
  app.route("/", calendarFeedRoutes());
  app.route("/", noteRoutes());
  app.route("/", documentRoutes());
  app.route("/", billingExportRoutes());
  app.route("/", dunningRoutes());
  app.route("/", billingReportRoutes());
  app.route("/", shareLinkRoutes());
  app.route("/", patientMessageRoutes());
  app.route("/", appointmentLinkRoutes());
  app.route("/", dataKeyRoutes());
  // The mails' links first: /buchen/bestaetigen/… is no booking page's id.
  app.route("/", bookingConfirmationRoutes());
  app.route("/", bookingProposalRoutes());
  app.route("/", onlineBookingRoutes());
  app.route("/", onlineBookingPracticeRoutes());
  app.route("/", languageRoutes());
  app.route("/", termsRoutes());
  if (deps.config.mode === "development" && !deps.config.smtpUrl) app.route("/", devOutboxRoutes());

  app.notFound((c) => renderError(c, 404, "error.notFound.title", "error.notFound.body"));
  app.onError((error, c) => {
    if (error instanceof QueueFullError) {
      const report = saturationReport(deps.clock.now().getTime());
      if (report) deps.log.warn("password hashing queue full", { requestId: c.var.requestId, ...report });
      return renderError(c, 503, "error.busy.title", "error.busy.body");
    }
    if (isDatabaseUnavailable(error)) {
      // Not a fault in Kartei: the database is away (maintenance, outage) or too slow to answer.
      deps.log.warn("database unavailable", { requestId: c.var.requestId, error: errorCode(error) });
      c.header("Retry-After", "30");
      return renderError(c, 503, "error.unavailable.title", "error.unavailable.body");
    }
    if (error instanceof HTTPException && error.status < 500) {
      const status = error.status === 413 ? 413 : 400;
      const title = status === 413 ? "error.tooLarge.title" : "error.badRequest.title";
      return renderError(c, status, title, status === 413 ? "error.tooLarge.body" : "error.badRequest.body");
    }
    deps.log.error("unhandled error", {
      requestId: c.var.requestId,
      error: error.name,
      // Where it happened, not what it said: messages can carry submitted values.
      at: error.stack?.split("\n").slice(1, 4).map((line) => line.trim()).join(" | "),
    });
    return renderError(c, 500, "error.server.title", "error.server.body");
  });

  return app;
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : "unknown";
}
