// A TCP proxy on loopback in front of a real server (the test Postgres), which a test can cut
// (every open connection is closed and new ones are refused) and restore: a database outage
// without stopping the shared server.
export interface CuttableProxy {
  port: number;
  /** Closes every connection through the proxy and refuses new ones until restore(). */
  cut(): void;
  restore(): void;
  close(): void;
}

export function startCuttableProxy(target: { hostname: string; port: number }): CuttableProxy {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const open = new Set<Deno.Conn>();
  let cut = false;
  let closed = false;

  const drop = (conn: Deno.Conn) => {
    open.delete(conn);
    try {
      conn.close();
    } catch {
      // already closed
    }
  };

  async function pipe(from: Deno.Conn, to: Deno.Conn) {
    try {
      await from.readable.pipeTo(to.writable, { preventClose: true });
    } catch {
      // the other side went away, or the proxy was cut
    }
    drop(from);
    drop(to);
  }

  (async () => {
    for (;;) {
      let client: Deno.Conn;
      try {
        client = await listener.accept();
      } catch {
        return; // listener closed
      }
      if (cut) {
        client.close();
        continue;
      }
      let server: Deno.Conn;
      try {
        server = await Deno.connect(target);
      } catch {
        client.close();
        continue;
      }
      open.add(client);
      open.add(server);
      pipe(client, server);
      pipe(server, client);
    }
  })();

  return {
    port: (listener.addr as Deno.NetAddr).port,
    cut() {
      cut = true;
      for (const conn of [...open]) drop(conn);
    },
    restore() {
      cut = false;
    },
    close() {
      if (closed) return;
      closed = true;
      cut = true;
      listener.close();
      for (const conn of [...open]) drop(conn);
    },
  };
}
