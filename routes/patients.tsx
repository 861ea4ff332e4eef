// Patients: master data, search, archive, consent records.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";

export function patientRoutes() {
  const app = new Hono<AppEnv>();
  return app;
}
