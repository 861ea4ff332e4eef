// English message catalogue: every German key must have its English counterpart.
import type { MessageKey } from "./de.ts";
import type { Message } from "./message.ts";
import { TEAM_EN } from "./team.ts";
import { LOCKS_EN } from "./locks.ts";
import { OPERATOR_EN } from "./operator.ts";
import { ACCESS_EN } from "./access.ts";
import { ONBOARDING_EN } from "./onboarding.ts";
import { REISSUE_EN } from "./reissue.ts";
import { MEMBER_KEYS_EN } from "./member-keys.ts";
import { PATIENTS_EN } from "./patients.ts";
import { CALENDAR_EN } from "./calendar.ts";
import { CALENDAR_VIEWS_EN } from "./calendar-views.ts";
import { AVAILABILITY_EN } from "./availability.ts";
import { APPOINTMENT_TYPES_EN } from "./appointment-types.ts";
import { PATIENT_MESSAGES_EN } from "./patient-messages.ts";
import { QUICK_BOOKING_EN } from "./quick-booking.ts";
import { DOCUMENTATION_EN } from "./documentation.ts";
import { DOCUMENTS_EN } from "./documents.ts";
import { FAULTS_EN } from "./faults.ts";
import { FIRST_RUN_EN } from "./first-run.ts";
import { TODAY_EN } from "./today.ts";
import { NOTICES_EN } from "./notices.ts";
import { PROTOCOL_EN } from "./protocol.ts";
import { AUDIT_EN } from "./audit.ts";
import { OPERATIONS_EN } from "./operations.ts";
import { ONLINE_BOOKING_EN } from "./online-booking.ts";
import { SHELL_EN } from "./shell.ts";
import { BILLING_PDF_EN } from "./billing-pdf.ts";
import { BILLING_EN } from "./billing.ts";
import { BILLING_PATIENTS_EN } from "./billing-patients.ts";
import { IMPORTS_EN } from "./imports.ts";
import { BILLING_EXPORTS_EN } from "./billing-exports.ts";
import { DUNNING_EN } from "./dunning.ts";
import { BILLING_REPORTS_EN } from "./billing-reports.ts";
import { PROCEDURE_EN } from "./procedure.ts";

export const en: Record<MessageKey, Message> = {
  ...TEAM_EN,
  ...LOCKS_EN,
  ...AUDIT_EN,
  ...OPERATOR_EN,
  ...ACCESS_EN,
  ...ONBOARDING_EN,
  ...REISSUE_EN,
  ...MEMBER_KEYS_EN,
  ...PATIENTS_EN,
  ...CALENDAR_EN,
  ...CALENDAR_VIEWS_EN,
  ...AVAILABILITY_EN,
  ...APPOINTMENT_TYPES_EN,
  ...PATIENT_MESSAGES_EN,
  ...QUICK_BOOKING_EN,
  ...DOCUMENTATION_EN,
  ...DOCUMENTS_EN,
  ...FAULTS_EN,
  ...FIRST_RUN_EN,
  ...TODAY_EN,
  ...NOTICES_EN,
  ...PROTOCOL_EN,
  ...OPERATIONS_EN,
  ...ONLINE_BOOKING_EN,
  ...SHELL_EN,
  ...BILLING_PDF_EN,
  ...BILLING_EN,
  ...BILLING_PATIENTS_EN,
  ...IMPORTS_EN,
  ...BILLING_EXPORTS_EN,
  ...DUNNING_EN,
  ...BILLING_REPORTS_EN,
  ...PROCEDURE_EN,
  "app.name": "Kartei",
  "app.tagline": "Practice management with sign-in by knowledge and possession",
  "nav.patients": "Patients",
  "nav.calendar": "Calendar",
  "nav.signIn": "Sign in",
  "nav.register": "Register a practice",
  "nav.signOut": "Sign out",
  "nav.home": "Overview",
  "nav.security": "Security",
  "nav.terms": "Terms of use",
  "nav.skipToContent": "Skip to content",
  "language.label": "Language",
  "language.de": "Deutsch",
  "language.en": "English",
  "language.switch": "Change language",

  "form.required": "Please fill in.",
  "form.tooLong": "At most {max} characters.",
  "form.invalidCharacters": "Contains characters that are not allowed here.",
  "form.invalidEmail": "Please enter a valid email address.",
  "form.errorSummary": "Please correct the marked fields.",
  "form.submit": "Submit",

  "password.tooShort": "At least {min} characters.",
  "password.tooLong": "At most {max} characters.",
  "password.common": "This password is too common and easy to guess.",
  "password.containsPersonal":
    "The password must not contain your name or the part of your email address before the @.",
  "password.mismatch": "The two passwords do not match.",
  "password.ok": "The password meets the rules.",
  "password.hint":
    "At least 12 characters; a sentence of several words is easy to remember and hard to guess. Do not let the browser store the password.",

  "register.title": "Register a practice",
  "register.intro": "Create your practice. You become its owner and can invite your team later.",
  "register.practiceName": "Practice name",
  "register.ownerName": "Your name",
  "register.email": "Email address",
  "register.password": "Password",
  "register.passwordConfirmation": "Repeat password",
  "register.acceptTerms": "I have read and accept the terms of use (version {version}).",
  "register.readTerms": "Read the terms of use",
  "register.termsRequired": "You cannot register without accepting the terms of use.",
  "register.submit": "Register",
  "register.haveAccount": "Already registered?",

  "verify.title": "Confirm your email address",
  "verify.intro": "We sent a verification code to {email}. It is valid for 15 minutes.",
  "verify.code": "Verification code",
  "verify.submit": "Confirm",
  "verify.invalid": "The code is wrong or has expired.",
  "verify.exhausted": "Too many attempts, or expired. Sign in with email and password to receive a new code.",
  "verify.done": "Your email address is confirmed. You can sign in now.",
  "verify.newCodeSent": "Your account is not confirmed yet. We have sent you a new code.",

  "signIn.title": "Sign in",
  "signIn.email": "Email address",
  "signIn.password": "Password",
  "signIn.submit": "Sign in",
  "signIn.failed": "Email address or password is wrong.",
  "signIn.noAccount": "No practice yet?",
  "signIn.signedOut": "You are signed out.",

  "home.title": "Overview",
  "home.welcome": "Welcome, {name}.",
  "home.practice": "Practice: {practice}",

  "terms.title": "Terms of use",
  "terms.version": "Version {version}, in force from {date}",

  "outbox.title": "Outbox (development)",
  "outbox.intro": "Without SMTP_URL, development mode keeps emails here instead of sending them.",
  "outbox.empty": "No emails.",
  "outbox.to": "To",
  "outbox.subject": "Subject",
  "outbox.createdAt": "Created",

  "error.notFound.title": "Page not found",
  "error.notFound.body": "This address does not exist, or you have no access to it.",
  "error.badRequest.title": "Bad request",
  "error.badRequest.body": "The request could not be processed.",
  "error.tooLarge.title": "Input too large",
  "error.tooLarge.body": "The data sent exceeds the permitted size.",
  "error.forbidden.title": "Request refused",
  "error.csrf.body": "The form has expired or did not come from this site. Please reload the page and try again.",
  "error.server.title": "Something went wrong",
  "error.server.body":
    "This should not have happened. Please try again. If the error persists, give the operator this reference:",
  "error.tooMany.title": "Too many requests",
  "error.tooMany.body": "Too many requests came from this address in a short time. Please try again in an hour.",
  "error.busy.title": "Busy right now",
  "error.busy.body": "Kartei is handling very many sign-ins right now. Please try again in a moment.",
  "error.backHome": "Back to the start page",

  "mail.verification.subject": "Your Kartei verification code",
  "mail.verification.body":
    "Hello,\n\nyour verification code is: {code}\n\nIt is valid for 15 minutes and can be used once. If you did not register with Kartei, you can ignore this email.\n\nKartei",
  "mail.alreadyRegistered.subject": "Registration attempt with your email address",
  "mail.alreadyRegistered.body":
    "Hello,\n\nsomeone tried to register a new practice with Kartei using your email address. An account already exists for this address. If that was you, simply sign in: {signInUrl}\n\nIf not, there is nothing you need to do.\n\nKartei",

  "signIn.tooManyFromAddress": "Too many failed attempts from this address. Please wait 15 minutes.",
  "signIn.forgotPassword": "Forgot your password?",
  "signIn.lockedOut": "Too many failed attempts: your access is locked for a while. Please try again later.",
  "signIn.passwordChanged": "Your password has been changed. Please sign in again.",
  "signIn.factorLocked": "The factor is locked and all your sessions have been ended.",

  "secondFactor.title": "Second factor",
  "secondFactor.intro": "Confirm the sign-in with something you hold.",
  "secondFactor.stepUpTitle": "Please confirm it is you",
  "secondFactor.stepUpIntro": "This action needs a confirmation with your second factor from the last 10 minutes.",
  "secondFactor.code": "Code",
  "secondFactor.codeHint":
    "Six-digit code from the authenticator app, a short touch of your YubiKey, or a recovery code.",
  "secondFactor.submit": "Confirm",
  "secondFactor.invalid": "The code is wrong or has been used already.",
  "secondFactor.webauthnRequired": "Your practice requires owners to use a security key or passkey.",
  "secondFactor.or": "or",
  "secondFactor.lost": "No access to your second factor? Use a recovery code.",

  "security.title": "Security",
  "security.factors": "Second factors",
  "security.factorName": "Name",
  "security.factorKind": "Kind",
  "security.factorAdded": "Added",
  "security.factorLastUsed": "Last used",
  "security.factorStatus": "Status",
  "security.never": "never",
  "security.statusActive": "active",
  "security.statusLocked": "locked",
  "security.kind.totp": "Authenticator app",
  "security.kind.webauthn": "Security key / passkey",
  "security.kind.yubico_otp": "YubiKey (OTP)",
  "security.remove": "Remove",
  "security.reportLost": "Report lost",
  "security.cannotRemoveLast": "The last second factor cannot be removed. Set up another one first.",
  "security.factorRemoved": "The factor has been removed.",
  "security.addFactor": "Set up another factor",
  "security.addTotp": "Set up an authenticator app",
  "security.addYubikey": "Set up a YubiKey (OTP)",
  "security.recoveryCodes": "Recovery codes",
  "security.recoveryCodesLeft": { one: "{count} unused code left.", other: "{count} unused codes left." },
  "security.sessions": "Signed-in devices",
  "security.sessionDevice": "Device",
  "security.sessionStarted": "Signed in",
  "security.sessionLastSeen": "Last active",
  "security.sessionAddress": "Address",
  "security.sessionCurrent": "this session",
  "security.sessionEnd": "End",
  "security.sessionEnded": "The session has been ended.",
  "security.password": "Password",
  "security.changePassword": "Change password",
  "security.policy": "The practice's sign-in rules",
  "security.policyPasswordDays": "Change the password after this many days (0 = never)",
  "security.policyPasswordDaysHint":
    "BSI and NIST advise against forced rotation; turn it on only if your chamber's or association's rules require it.",
  "security.policyOwnersNeedWebauthn": "Practice owners must sign in with a security key or passkey",
  "security.policySave": "Save rules",
  "security.policySaved": "The rules have been saved.",
  "security.factorAddedNotice": "The second factor is set up.",

  "enrol.title": "Set up a second factor",
  "enrol.intro":
    "Before you use Kartei, set up a second factor: something only you hold. Without it, no personal data is shown.",
  "enrol.totpTitle": "Authenticator app",
  "enrol.totpBody":
    "An app on your phone (e.g. FreeOTP, Aegis, Google or Microsoft Authenticator) makes a new code every 30 seconds.",
  "enrol.webauthnTitle": "Security key or passkey",
  "enrol.webauthnBody":
    "A key such as the YubiKey 5 over USB or NFC, or a passkey on your device. The best protection against phishing.",
  "enrol.yubikeyTitle": "YubiKey (one-time password)",
  "enrol.yubikeyBody":
    "A YubiKey that types a one-time password when touched. You need the data from the YubiKey Personalization Tool.",
  "enrol.start": "Set up",

  "totp.title": "Set up an authenticator app",
  "totp.scan": "Scan the QR code with your app or enter the key by hand.",
  "totp.qrAlt": "QR code for the authenticator app",
  "totp.secret": "Key",
  "totp.name": "Name for this factor",
  "totp.defaultName": "Authenticator app",
  "totp.code": "Six-digit code from the app",
  "totp.submit": "Confirm and set up",
  "totp.expired": "The setup has expired. Please start again.",

  "yubikey.title": "Set up a YubiKey (one-time password)",
  "yubikey.intro":
    "Paste the line from the YubiKey Personalization Tool's log file or enter the three values one by one. Then touch the key in the last field.",
  "yubikey.name": "Name for this key",
  "yubikey.defaultName": "YubiKey",
  "yubikey.csv": "Line from configuration_log.csv",
  "yubikey.publicId": "Public ID (modhex, 12 characters)",
  "yubikey.privateId": "Private ID (hex, 12 characters)",
  "yubikey.aesKey": "AES key (hex, 32 characters)",
  "yubikey.otp": "One-time password (touch the key)",
  "yubikey.submit": "Check and set up",
  "yubikey.csvInvalid": "The line is not a Yubico OTP entry of the Personalization Tool.",
  "yubikey.publicIdInvalid": "12 characters from cbdefghijklnrtuv.",
  "yubikey.privateIdInvalid": "12 hexadecimal characters.",
  "yubikey.aesKeyInvalid": "32 hexadecimal characters.",
  "yubikey.taken": "This key is already set up.",
  "yubikey.otpMismatch": "The one-time password does not fit these key data.",
  "yubikey.otpInvalid": "Please touch the key: it types 44 characters.",

  "recovery.title": "Recovery codes",
  "recovery.intro": "A recovery code signs you in when your second factor is lost. Each code works once.",
  "recovery.left": { one: "You have {count} unused code left.", other: "You have {count} unused codes left." },
  "recovery.none": "You have no recovery codes yet.",
  "recovery.generate": "Create new codes",
  "recovery.generateHint": "New codes replace all earlier ones.",
  "recovery.shownOnce":
    "Write down or print these codes now and keep them apart from your key. They will not be shown again; all earlier codes no longer work.",
  "recovery.continue": "Continue",

  "password.changeTitle": "Change password",
  "password.expired": "Your password has expired. Please set a new one before you continue.",
  "password.current": "Current password",
  "password.new": "New password",
  "password.confirmNew": "Repeat the new password",
  "password.currentWrong": "The current password is wrong.",
  "password.reused": "You have used this password recently. Please choose another one.",
  "password.sendCode": "Send confirmation code",
  "password.codeTitle": "Confirm the password change",
  "password.codeIntro": "We sent a confirmation code to {email}. The new password takes effect only with the code.",
  "password.confirm": "Change password",
  "password.forgotTitle": "Forgot password",
  "password.forgotIntro":
    "Enter your email address. If an account exists for it, we send a code. Then you confirm with your second factor or a recovery code.",
  "password.forgotSubmit": "Send code",
  "password.resetCodeTitle": "Enter the code",
  "password.resetCodeIntro": "If an account exists for {email}, we have sent a code there. It is valid for 15 minutes.",
  "password.newTitle": "Set a new password",
  "password.newSubmit": "Save password",

  "mail.passwordChange.subject": "Confirmation code for your password change",
  "mail.passwordChange.body":
    "Hello,\n\nyour confirmation code for changing your Kartei password is: {code}\n\nIt is valid for 15 minutes. If you did not want to change your password, please sign in, check your signed-in devices and change your password.\n\nKartei",
  "mail.passwordReset.subject": "Code to reset your password",
  "mail.passwordReset.body":
    "Hello,\n\nyour code to reset your Kartei password is: {code}\n\nIt is valid for 15 minutes. To reset, you also need your second factor or a recovery code. If you did not ask for this, you can ignore this email.\n\nKartei",
  "form.invalidNumber": "Please enter a number between 0 and 3650.",
  "security.policyNeedsOwnKey": "Set up a security key or passkey for yourself first.",
  "webauthn.name": "Name of the key",
  "webauthn.nameHint": "So you recognise it later, e.g. “YubiKey on my key ring”.",
  "webauthn.register": "Add a security key or passkey",
  "webauthn.signIn": "Confirm with a security key or passkey",
  "webauthn.working": "Please confirm with your key now (e.g. touch it) …",
  "webauthn.noScript": "Security keys and passkeys need JavaScript to be turned on.",
  "webauthn.error.failed": "The key could not be confirmed. Please try again.",
  "webauthn.error.expired": "The request has expired or was already used. Please try again.",
  "webauthn.error.cancelled": "Cancelled, or no answer from the key. Please try again.",
  "webauthn.error.unsupported": "This browser does not support security keys or passkeys.",
  "webauthn.error.alreadyRegistered": "This key is already set up.",
  "webauthn.error.unknownKey": "This key is not set up for your account, or it is locked.",
  "webauthn.error.noKey": "No security key or passkey is set up for your account.",
  "webauthn.error.keyLocked":
    "This key has been locked because it may have been copied, and all your sessions have ended. Please sign in again and use another factor.",
  "webauthn.error.lockedOut": "Too many failed attempts: your access is locked for a while.",
  "webauthn.error.sessionEnded": "Your session has expired. Please sign in again.",
};
