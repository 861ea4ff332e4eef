// The calendar: day and week views, appointments, series.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";

export function calendarRoutes() {
  const app = new Hono<AppEnv>();
  return app;
}
