// Ids in paths and forms are checked before they reach a query: anything that is not a UUID
// answers like an unknown id (404 or a field message), never a database error. Only the
// lower-case form the database hands out is an id here: an upper-case spelling is not looked up.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
