// Times on the practice's access pages, in German time and the page's language.
const formats = {
  de: new Intl.DateTimeFormat("de-DE", { timeZone: "Europe/Berlin", dateStyle: "medium", timeStyle: "short" }),
  en: new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", dateStyle: "medium", timeStyle: "short" }),
};

export function moment(lang: "de" | "en", at: Date | null): string {
  return at ? formats[lang].format(at) : "–";
}
