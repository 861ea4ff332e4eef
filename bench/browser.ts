// A browser stand-in for the running app: keeps its cookies, sends our Origin and the CSRF
// token with every form, and does not follow redirects, so each step's answer can be checked.

export interface Answer {
  status: number;
  location: string | null;
  html: string;
}

/** The load generator's connection pool and deadline, when the browser is one of its clients. */
export interface Via {
  client?: Deno.HttpClient;
  signal?: AbortSignal;
}

export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  async get(path: string, via: Via = {}): Promise<Answer> {
    return await this.send(path, { method: "GET" }, via);
  }

  /** Posts a form as a browser would: urlencoded, with the token from the CSRF cookie. */
  async post(path: string, fields: Record<string, string>, via: Via = {}): Promise<Answer> {
    if (!this.cookies.has("kartei_csrf")) await this.get("/sign-in", via);
    return await this.send(path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: new URL(this.base).origin },
      body: new URLSearchParams({ _csrf: this.cookies.get("kartei_csrf") ?? "", ...fields }).toString(),
    }, via);
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private async send(path: string, init: RequestInit, via: Via): Promise<Answer> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("Cookie", this.cookieHeader());
    const response = await fetch(new URL(path, this.base), { ...init, ...via, headers, redirect: "manual" });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(";");
      const [name, value] = [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)];
      if (value === "" || attributes.some((a) => /^\s*max-age=0\b/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: response.status, location: response.headers.get("Location"), html: await response.text() };
  }
}
