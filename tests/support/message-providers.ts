// Loopback servers that speak the text message providers' real formats, for the message tests:
// seven.io's POST /api/sms (X-Api-Key header, form fields to/text/from; HTTP 200 with its JSON
// and return code in "success", or an HTTP 5xx of the gateway) and the Threema Gateway's POST
// /send_simple (from, to or phone, text, secret; 200 with the message ID as text, or a bare
// 400/401/402/404/413/500). Each keeps what it received; `answer` sets how it responds.
export interface ProviderRequest {
  path: string;
  headers: Headers;
  form: Record<string, string>;
}

/** ok: the provider's success; status: an HTTP error of the gateway; code: seven.io's refusal in a 200; hold: never answers. */
export type Behaviour = { kind: "ok" } | { kind: "status"; status: number } | { kind: "code"; code: string } | {
  kind: "hold";
};

export interface ProviderServer {
  url: string;
  requests: ProviderRequest[];
  answer(behaviour: Behaviour): void;
  /** Requests whose recipient (to, or Threema's phone) is this one. */
  to(recipient: string): ProviderRequest[];
  close(): Promise<void>;
}

let messageIds = 77_229_318_500;

function startServer(handle: (request: ProviderRequest, behaviour: Behaviour) => Response): ProviderServer {
  const requests: ProviderRequest[] = [];
  let behaviour: Behaviour = { kind: "ok" };
  const closing = new AbortController();
  const held = new Promise<void>((resolve) => closing.signal.addEventListener("abort", () => resolve()));
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: closing.signal, onListen: () => {} },
    async (req) => {
      const form = Object.fromEntries(new URLSearchParams(await req.text()));
      const request = { path: new URL(req.url).pathname, headers: req.headers, form };
      requests.push(request);
      if (behaviour.kind === "hold") {
        await held;
        return new Response("closing", { status: 503 });
      }
      return handle(request, behaviour);
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    answer: (next) => void (behaviour = next),
    to: (recipient) => requests.filter((r) => (r.form.to ?? r.form.phone) === recipient),
    async close() {
      closing.abort();
      await server.finished;
    },
  };
}

/** seven.io: the API key it accepts is `apiKey`. */
export function startSevenServer(apiKey: string): ProviderServer {
  return startServer((request, behaviour) => {
    if (request.path !== "/api/sms") return new Response("Not Found", { status: 404 });
    if (behaviour.kind === "status") return new Response("Internal Server Error", { status: behaviour.status });
    const { to = "", text = "", from = "" } = request.form;
    const code = request.headers.get("X-Api-Key") !== apiKey
      ? "900"
      : !to
      ? "301"
      : !text
      ? "305"
      : behaviour.kind === "code"
      ? behaviour.code
      : "100";
    const ok = code === "100";
    const body = {
      success: code,
      total_price: ok ? 0.075 : 0,
      balance: 12.345,
      debug: "false",
      sms_type: "direct",
      messages: [{
        id: ok ? String(messageIds++) : null,
        sender: from,
        recipient: to,
        text,
        encoding: "gsm",
        label: null,
        parts: 1,
        udh: null,
        is_binary: false,
        price: ok ? 0.075 : 0,
        success: ok,
        error: ok ? null : code,
        error_text: ok ? null : "Error",
      }],
    };
    return Response.json(body, { status: 200 });
  });
}

/** The Threema Gateway: the gateway ID and secret it accepts. */
export function startThreemaServer(gatewayId: string, secret: string): ProviderServer {
  return startServer((request, behaviour) => {
    if (request.path !== "/send_simple") return new Response("", { status: 404 });
    const { from, to, phone, text = "" } = request.form;
    if (from !== gatewayId || request.form.secret !== secret) return new Response("", { status: 401 });
    if (behaviour.kind === "status") return new Response("", { status: behaviour.status });
    if (!to && !phone) return new Response("", { status: 400 });
    if (new TextEncoder().encode(text).length > 3500) return new Response("", { status: 413 });
    const id = crypto.getRandomValues(new Uint8Array(8));
    return new Response([...id].map((b) => b.toString(16).padStart(2, "0")).join(""), {
      status: 200,
      headers: { "Content-Type": "text/plain" },
    });
  });
}
