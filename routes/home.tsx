// The practice home page: an honest dashboard of what exists and what comes next.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext } from "./page.ts";
import { authorize } from "./middleware/access.ts";
import { operatorsToConsole } from "./middleware/operator.ts";
import { HomePage } from "../views/home-page.tsx";

export function homeRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/", operatorsToConsole(), authorize("practice.home"), (c) => {
    const session = c.var.session!;
    return c.html(
      <HomePage page={pageContext(c)} name={session.account.name} practiceName={session.practice?.name ?? null} />,
    );
  });
  return app;
}
