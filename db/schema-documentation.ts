// Tables of the documentation area: templates, documentation entries and their amendments.

// deno-lint-ignore no-empty-interface
export interface DocumentationTables {}
