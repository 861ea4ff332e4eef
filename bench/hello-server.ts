// A bare Hono hello-world on Deno.serve: the floor Kartei's request numbers are compared with.
//   deno run --allow-net=127.0.0.1 bench/hello-server.ts <port>
import { Hono } from "hono";

const app = new Hono();
app.get("/", (c) => c.text("Hello Hono!"));

Deno.serve({ hostname: "127.0.0.1", port: Number(Deno.args[0]), onListen: () => {} }, app.fetch);
