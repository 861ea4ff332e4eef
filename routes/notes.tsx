// Documentation entries: drafts, finalizing, amendments, templates.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";

export function noteRoutes() {
  const app = new Hono<AppEnv>();
  return app;
}
