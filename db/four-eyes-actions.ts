// The actions that can be put under four eyes, each plugged in by its feature's function.
// Imported once by the approvals routes, so the registry is filled whenever the app is built.
import { registerFourEyesAction } from "./four-eyes.ts";
import { lockWholePractice } from "./member-locks.ts";

// Suspected breach: lock every credential of the whole practice, for the reason the requester gave.
registerFourEyesAction(
  "lock_practice",
  (trx, scope, _payload, facts, request) => lockWholePractice(trx, scope, request.reason, facts),
);
