// Run by bin/start.ts with read and write access to one folder only, as the app will have it:
// creates the folder when missing and writes a probe file. Exit 0 when usable; otherwise exit 1
// with the reason on stdout (one line; the launcher names the variable and the folder).
const folder = Deno.args[0];

function reason(error: unknown): string {
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (error instanceof Deno.errors.NotADirectory || error instanceof Deno.errors.AlreadyExists) {
    return "a file is in the way where a folder should be";
  }
  if (error instanceof Deno.errors.NotCapable) return "Deno does not allow an app to write there";
  const code = (error as { code?: string }).code;
  if (code === "EROFS") return "the file system is read-only";
  return error instanceof Error ? error.message.split("\n")[0] : String(error);
}

try {
  await Deno.mkdir(folder, { recursive: true });
  const info = await Deno.stat(folder);
  if (!info.isDirectory) throw new Deno.errors.NotADirectory();
  const probe = `${folder}/.kartei-write-probe-${crypto.randomUUID()}`;
  await Deno.writeTextFile(probe, "", { createNew: true });
  await Deno.remove(probe);
} catch (error) {
  console.log(reason(error));
  Deno.exit(1);
}
