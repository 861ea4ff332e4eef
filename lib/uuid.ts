// Ids in paths and forms are checked before they reach a query: anything that is not a UUID
// answers like an unknown id (404 or a field message), never a database error.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
