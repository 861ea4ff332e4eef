// Documents: upload, download, previews, share links.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";

export function documentRoutes() {
  const app = new Hono<AppEnv>();
  return app;
}
