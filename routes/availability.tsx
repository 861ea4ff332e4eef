// Working hours, absences, rooms and calendar feed settings.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";

export function availabilityRoutes() {
  const app = new Hono<AppEnv>();
  return app;
}
