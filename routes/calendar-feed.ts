// The ICS feed per practitioner, behind a secret URL.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";

export function calendarFeedRoutes() {
  const app = new Hono<AppEnv>();
  return app;
}
