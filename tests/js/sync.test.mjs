// The form and the YAML pane kept as one document (src/studio/assets/js/core/sync.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Sync } from "../../src/studio/assets/js/core/sync.mjs";

test("a tree read from an older text never replaces the form", () => {
  const sync = new Sync();
  const ticket = sync.read("a: 1");
  assert.equal(sync.readDone(ticket, "a: 12"), false);
  assert.equal(sync.unread("a: 12", false), true);
});

test("a tree read while the form was edited never undoes the edit", () => {
  const sync = new Sync();
  const ticket = sync.read("a: 1");
  sync.edited();
  assert.equal(sync.readDone(ticket, "a: 1"), false);
  const again = sync.read("a: 1");
  assert.equal(sync.readDone(again, "a: 1"), true);
  assert.equal(sync.unread("a: 1", false), false);
});

test("only the newest write is applied, and a text changed meanwhile wins", () => {
  const sync = new Sync();
  const first = sync.write("a: 1");
  const second = sync.write("a: 1");
  assert.equal(sync.writeDone(first, "a: 1", "a: 2"), "stale");
  assert.equal(sync.writeDone(second, "a: 1 # tidied", "a: 3"), "reread");
  const third = sync.write("a: 1");
  assert.equal(sync.writeDone(third, "a: 1", "a: 4"), "apply");
  assert.equal(sync.unread("a: 4", false), false);
});

test("a pending write means the pane is not read over it", () => {
  const sync = new Sync();
  assert.equal(sync.unread("a: 1", true), false);
  assert.equal(sync.unread("a: 1", false), true);
});

test("a text that cannot be read is not read again until it changes", () => {
  const sync = new Sync();
  sync.unreadable("a: [");
  assert.equal(sync.unread("a: [", false), false);
  assert.equal(sync.unread("a: [1]", false), true);
});
