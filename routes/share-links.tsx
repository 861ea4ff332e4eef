// The public side of share links: someone outside opens a shared document.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";

export function shareLinkRoutes() {
  const app = new Hono<AppEnv>();
  return app;
}
