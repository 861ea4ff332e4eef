// Catalogue of the calendar's views: the "now" line, the day sheet, practitioner colours, the way back.
export const CALENDAR_VIEWS_DE = {
  "calendar.nowLine": "jetzt {time}",
  "calendar.backToAppointment": "Zurück zum Termin",
  "calendar.backToRecord": "Zurück zur Akte",
  "daySheet.print": "Tagesliste drucken",
  "daySheet.title": "Tagesliste {date}",
  "daySheet.backToDay": "Zurück zur Tagesansicht",
  "daySheet.printedAt": "Stand {date}, {time} Uhr",
  "daySheet.phone": "Telefon",
  "daySheet.room": "Ort und Raum",
  "daySheet.printHint": "Drucken mit der Druckfunktion des Browsers (Strg+P); gedruckt wird nur die Liste.",
  "calendarViews.colour": "Farbe im Kalender",
  "calendarViews.colourIntro":
    "Der Kalender zeigt die Farbe immer mit den Initialen und dem Namen, nie allein. Die Farben sind auch bei Farbenblindheit unterscheidbar.",
  "calendarViews.noColour": "Keine Farbe",
  "calendarViews.colourSave": "Farbe speichern",
  "calendarViews.colourSaved": "Die Farbe ist gespeichert.",
  "calendarViews.invalidColour": "Bitte eine Farbe aus der Liste wählen.",
} as const;

export const CALENDAR_VIEWS_EN: Record<keyof typeof CALENDAR_VIEWS_DE, string> = {
  "calendar.nowLine": "now {time}",
  "calendar.backToAppointment": "Back to the appointment",
  "calendar.backToRecord": "Back to the record",
  "daySheet.print": "Print day sheet",
  "daySheet.title": "Day sheet {date}",
  "daySheet.backToDay": "Back to the day view",
  "daySheet.printedAt": "As of {date}, {time}",
  "daySheet.phone": "Phone",
  "daySheet.room": "Location and room",
  "daySheet.printHint": "Print with the browser's print function (Ctrl+P); only the list is printed.",
  "calendarViews.colour": "Colour in the calendar",
  "calendarViews.colourIntro":
    "The calendar always shows the colour with the initials and the name, never alone. The colours stay distinguishable with colour blindness.",
  "calendarViews.noColour": "No colour",
  "calendarViews.colourSave": "Save colour",
  "calendarViews.colourSaved": "The colour is saved.",
  "calendarViews.invalidColour": "Please choose a colour from the list.",
};
