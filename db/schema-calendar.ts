// Tables of the calendar area: appointments, rooms, recurring series, working hours, absences, calendar feeds.

// deno-lint-ignore no-empty-interface
export interface CalendarTables {}
