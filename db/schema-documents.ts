// Tables of the documents area: uploaded documents, their encrypted content and share links.

// deno-lint-ignore no-empty-interface
export interface DocumentTables {}
