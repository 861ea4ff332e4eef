// While an operator has closed public registration, /register shows so and accepts nothing.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext } from "./page.ts";
import { registrationIsOpen } from "../db/installation-settings.ts";
import { RegistrationClosedPage } from "../views/operator/registration-closed-page.tsx";

export function refuseWhenRegistrationClosed(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (await registrationIsOpen(c.var.deps.db)) return await next();
    return c.html(<RegistrationClosedPage page={pageContext(c)} />, 403);
  };
}
