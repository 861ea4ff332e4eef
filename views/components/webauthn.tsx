// Buttons for security keys and passkeys, driven by static/webauthn.js. The texts the script may
// show travel with the button (data-messages), already translated, so it needs no catalogue.
import type { MessageKey } from "../../lib/i18n/mod.ts";
import type { PageContext } from "../page-context.ts";

const MESSAGES: MessageKey[] = [
  "webauthn.working",
  "webauthn.error.failed",
  "webauthn.error.expired",
  "webauthn.error.cancelled",
  "webauthn.error.unsupported",
  "webauthn.error.alreadyRegistered",
  "webauthn.error.unknownKey",
  "webauthn.error.noKey",
  "webauthn.error.keyLocked",
  "webauthn.error.lockedOut",
  "webauthn.error.sessionEnded",
  "form.required",
  "form.invalidCharacters",
];

const NAME_MAX = 60;

function messages(page: PageContext): string {
  const texts: Record<string, string> = Object.fromEntries(MESSAGES.map((key) => [key, page.t(key)]));
  texts["form.tooLong"] = page.t("form.tooLong", { max: NAME_MAX });
  return JSON.stringify(texts);
}

/** The library bundle (a plain script defining SimpleWebAuthnBrowser) and our module. */
function Scripts(props: { page: PageContext }) {
  return (
    <>
      <script src={props.page.asset("simplewebauthn-browser.min.js")} defer></script>
      <script type="module" src={props.page.asset("webauthn.js")}></script>
    </>
  );
}

/** Adding a key: its name, then one touch. */
export function WebauthnRegistration(props: { page: PageContext }) {
  const { page } = props;
  const t = page.t;
  return (
    <div class="webauthn stack" data-webauthn-group>
      <div class="field">
        <label for="webauthn-name">{t("webauthn.name")}</label>
        <p class="field-hint" id="webauthn-name-hint">{t("webauthn.nameHint")}</p>
        <input
          id="webauthn-name"
          type="text"
          maxlength={NAME_MAX}
          autocomplete="off"
          required
          data-webauthn-name
          aria-describedby="webauthn-name-hint webauthn-name-error"
        />
        <p class="field-error" id="webauthn-name-error" aria-live="polite" data-webauthn-name-error></p>
      </div>
      <button
        type="button"
        class="primary"
        data-webauthn="register"
        data-options-url="/security/webauthn/registration-options"
        data-verify-url="/security/webauthn/registration"
        data-csrf={page.csrfToken}
        data-messages={messages(page)}
      >
        {t("webauthn.register")}
      </button>
      <p class="field-error" role="status" aria-live="polite" data-webauthn-message></p>
      <noscript>
        <p class="field-error">{t("webauthn.noScript")}</p>
      </noscript>
      <Scripts page={page} />
    </div>
  );
}

/** Confirming with a key, as the second step of signing in or for a step-up. */
export function WebauthnSignIn(props: { page: PageContext; returnTo: string }) {
  const { page } = props;
  return (
    <div class="webauthn stack" data-webauthn-group>
      <button
        type="button"
        class="primary"
        data-webauthn="authenticate"
        data-options-url="/sign-in/webauthn/options"
        data-verify-url="/sign-in/webauthn"
        data-csrf={page.csrfToken}
        data-return-to={props.returnTo}
        data-messages={messages(page)}
      >
        {page.t("webauthn.signIn")}
      </button>
      <p class="field-error" role="status" aria-live="polite" data-webauthn-message></p>
      <noscript>
        <p class="field-error">{page.t("webauthn.noScript")}</p>
      </noscript>
      <Scripts page={page} />
    </div>
  );
}
