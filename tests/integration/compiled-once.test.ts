// Queries compiled once (db/compiled-once.ts) answer with each run's own values.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { testDatabase } from "../support/test-database.ts";
import { compiledOnce } from "../../db/compiled-once.ts";

const test = suite("queries compiled once");

test("each run puts its own values where the markers were, the constants stay", async () => {
  const { db } = await testDatabase();
  const practices = compiledOnce(
    ["name"],
    (db, input) =>
      db.selectFrom("practices").select(["name", "status"]).where("name", "=", input.name).where(
        "status",
        "=",
        "active",
      )
        .orderBy("name"),
  );
  const names = [`Praxis ${crypto.randomUUID()}`, `Praxis ${crypto.randomUUID()}`];
  for (const name of names) {
    await db.insertInto("practices").values({ name, status: "active" }).execute();
  }
  await db.insertInto("practices").values({ name: `${names[0]} (gesperrt)`, status: "locked" }).execute();
  for (const name of names) assert.equal(await practices(db, { name }), [{ name, status: "active" }]);
  assert.equal(await practices(db, { name: "niemand" }), []);
});

test("a name that is no parameter of the query is refused when it is first built", async () => {
  const { db } = await testDatabase();
  const broken = compiledOnce(
    ["name", "unused"],
    (db, input) => db.selectFrom("practices").select("name").where("name", "=", input.name),
  );
  try {
    await broken(db, { name: "x", unused: "y" });
    assert.unreachable("an unused marker must be refused");
  } catch (error) {
    assert.match(String(error), /unused not among the query's parameters/);
  }
});

test.run();
