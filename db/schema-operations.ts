// Tables of running the installation: backups.
import type { Generated } from "kysely";

export interface BackupRunsTable {
  id: Generated<string>;
  status: "running" | "succeeded" | "failed";
  started_at: Date;
  finished_at: Date | null;
  trigger: "schedule" | "operator" | "command";
  file_name: string | null;
  encrypted_bytes: string | null;
  encrypted_sha256: string | null;
  schema_version: string | null;
  failure: string | null;
}

export interface OperationsTables {
  backup_runs: BackupRunsTable;
}
