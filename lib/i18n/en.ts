// English message catalogue: every German key must have its English counterpart.
import type { MessageKey } from "./de.ts";

export const en: Record<MessageKey, string> = {
  "app.name": "Kartei",
  "app.tagline": "Practice management with sign-in by knowledge and possession",
  "nav.signIn": "Sign in",
  "nav.register": "Register a practice",
  "nav.signOut": "Sign out",
  "nav.home": "Overview",
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
  "home.emptyTitle": "Your practice starts here",
  "home.emptyBody":
    "Your practice exists and your email address is confirmed. No patients, appointments or documentation have been recorded yet.",
  "home.nextSteps": "What comes next",
  "home.nextSecondFactor":
    "Set up a second factor (authenticator app, security key or YubiKey): without one, no personal data is shown.",
  "home.nextTeam": "Invite your team: every person gets an account of their own.",
  "home.nextRecords": "Add patients, plan appointments, write documentation.",

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
  "error.backHome": "Back to the start page",

  "mail.verification.subject": "Your Kartei verification code",
  "mail.verification.body":
    "Hello,\n\nyour verification code is: {code}\n\nIt is valid for 15 minutes and can be used once. If you did not register with Kartei, you can ignore this email.\n\nKartei",
  "mail.alreadyRegistered.subject": "Registration attempt with your email address",
  "mail.alreadyRegistered.body":
    "Hello,\n\nsomeone tried to register a new practice with Kartei using your email address. An account already exists for this address. If that was you, simply sign in: {signInUrl}\n\nIf not, there is nothing you need to do.\n\nKartei",
};
