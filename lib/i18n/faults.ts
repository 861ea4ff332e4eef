// Catalogue of faults outside Kartei's control: the database away (maintenance-style page).
export const FAULTS_DE = {
  "error.unavailable.title": "Kurz nicht erreichbar",
  "error.unavailable.body":
    "Kartei kommt gerade nicht an ihre Datenbank, etwa während einer Wartung. Ihre gespeicherten Daten sind sicher. Bitte versuchen Sie es in einer Minute noch einmal und prüfen Sie dann, ob gespeichert ist, was Sie gerade abgeschickt haben.",
} as const;

export const FAULTS_EN: Record<keyof typeof FAULTS_DE, string> = {
  "error.unavailable.title": "Briefly unavailable",
  "error.unavailable.body":
    "Kartei cannot reach its database right now, for example during maintenance. Your saved data is safe. Please try again in a minute, and then check whether what you just sent was saved.",
};
