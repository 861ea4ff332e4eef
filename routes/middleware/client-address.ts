// The address a request came from. Deno.serve gives the connection's peer; when that peer is a
// configured reverse proxy, the client is the last address in X-Forwarded-For that is not one
// of our proxies (anything further left was written by the client and proves nothing).
// Tests pass { remoteAddr: { hostname } } as the request's env.
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";

export function clientAddress(c: Context<AppEnv>): string {
  const env = c.env as { remoteAddr?: { hostname?: string } } | undefined;
  const peer = env?.remoteAddr?.hostname?.toLowerCase() ?? "unknown";
  const proxies = c.var.deps.config.trustedProxies;
  if (!proxies.includes(peer)) return peer;
  const forwarded = (c.req.header("X-Forwarded-For") ?? "").split(",").map((a) => a.trim().toLowerCase())
    .filter(Boolean);
  for (let i = forwarded.length - 1; i >= 0; i--) {
    if (!proxies.includes(forwarded[i])) return forwarded[i].slice(0, 64);
  }
  return peer;
}
