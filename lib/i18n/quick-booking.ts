// Catalogue of quick booking: the booking dialog of the day and week grid, and moving by drag.
export const QUICK_BOOKING_DE = {
  "quickBooking.title": "Termin buchen",
  "quickBooking.slot": "{practitioner} · {date}",
  "quickBooking.close": "Schließen",
  "quickBooking.fullForm": "Alle Angaben (Serie, Überschneidung)",
  "quickBooking.booked": "Termin gebucht: {date} um {time}.",
  "quickBooking.refused": "Der Termin wurde nicht gebucht.",
  "quickBooking.moveRefused": "Der Termin wurde nicht verschoben.",
};

export const QUICK_BOOKING_EN: Record<keyof typeof QUICK_BOOKING_DE, string> = {
  "quickBooking.title": "Book appointment",
  "quickBooking.slot": "{practitioner} · {date}",
  "quickBooking.close": "Close",
  "quickBooking.fullForm": "All details (series, overlap)",
  "quickBooking.booked": "Appointment booked: {date} at {time}.",
  "quickBooking.refused": "The appointment was not booked.",
  "quickBooking.moveRefused": "The appointment was not moved.",
};
