// Security keys and passkeys in the browser: a button with data-webauthn="register" or
// "authenticate" fetches options from data-options-url, lets @simplewebauthn/browser (the
// global SimpleWebAuthnBrowser from simplewebauthn-browser.min.js) talk to the key, sends the
// answer to data-verify-url and follows the redirect it gets back. Failures are shown as the
// server's catalogue message (texts from data-messages) in [data-webauthn-message] beside it.
// One listener on the document serves buttons that htmx swaps in later too; a module runs
// once per page however often its script tag is inserted.

document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("button[data-webauthn]") : null;
  if (!button || button.disabled) return;
  event.preventDefault();
  runCeremony(button);
});

// Enter in the key's name field starts the registration, as it would submit a form.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || !(event.target instanceof HTMLInputElement)) return;
  const group = event.target.closest("[data-webauthn-group]");
  const button = group?.querySelector("button[data-webauthn='register']");
  if (!button) return;
  event.preventDefault();
  button.click();
});

// Tells a waiting test (and anyone curious) that the buttons now work. On a boosted page htmx
// inserts both script tags anew and they may run in either order: ready needs the library too.
function markReady() {
  if (globalThis.SimpleWebAuthnBrowser) document.documentElement.dataset.webauthn = "ready";
}
markReady();
if (!globalThis.SimpleWebAuthnBrowser) {
  document.querySelector("script[src*='simplewebauthn-browser']")?.addEventListener("load", markReady);
}

async function runCeremony(button) {
  const group = button.closest("[data-webauthn-group]") ?? button.parentElement;
  const messages = JSON.parse(button.dataset.messages || "{}");
  const status = group.querySelector("[data-webauthn-message]");
  const nameInput = group.querySelector("input[data-webauthn-name]");
  const nameError = group.querySelector("[data-webauthn-name-error]");
  const show = (key, target = status) => {
    if (target) target.textContent = key ? messages[key] ?? messages["webauthn.error.failed"] ?? "" : "";
  };
  const browser = globalThis.SimpleWebAuthnBrowser;
  show("");
  if (nameInput) {
    show("", nameError);
    nameInput.removeAttribute("aria-invalid");
  }
  if (!browser?.browserSupportsWebAuthn()) return show("webauthn.error.unsupported");

  const register = button.dataset.webauthn === "register";
  const name = nameInput?.value.trim() ?? "";
  if (register && !name) return markName("form.required");

  button.disabled = true;
  show("webauthn.working");
  try {
    const options = await postJson(button.dataset.optionsUrl, {});
    if (!options) return;
    const response = register
      ? await browser.startRegistration({ optionsJSON: options })
      : await browser.startAuthentication({ optionsJSON: options });
    const body = { response, return_to: button.dataset.returnTo };
    if (register) body.name = name;
    const result = await postJson(button.dataset.verifyUrl, body);
    if (result?.redirect) location.assign(result.redirect);
  } catch (error) {
    show(ceremonyErrorKey(error));
  } finally {
    button.disabled = false;
  }

  function markName(key) {
    nameInput.setAttribute("aria-invalid", "true");
    show(key, nameError);
    nameInput.focus();
  }

  /** The JSON answer of a success; otherwise shows why, or goes where the server sends, and answers null. */
  async function postJson(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": button.dataset.csrf },
      body: JSON.stringify(body),
    });
    // The session is not (or no longer) fit for this step: the server sent us to where it belongs.
    if (response.redirected) {
      location.assign(response.url);
      return null;
    }
    const type = response.headers.get("Content-Type") ?? "";
    const data = type.includes("application/json") ? await response.json() : {};
    if (response.ok) return data;
    // Locked out or signed out: the sign-in page says so.
    if (data.redirect) location.assign(data.redirect);
    else if (data.field === "name" && nameInput) markName(data.error);
    else show(data.error ?? "webauthn.error.failed");
    return null;
  }
}

function ceremonyErrorKey(error) {
  if (error?.code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") return "webauthn.error.alreadyRegistered";
  if (error?.name === "NotAllowedError" || error?.name === "AbortError") return "webauthn.error.cancelled";
  return "webauthn.error.failed";
}
