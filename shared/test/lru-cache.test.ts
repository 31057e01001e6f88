import { strict as assert } from "node:assert";
import { LruCache } from "../lru-cache";

describe("LruCache", () => {
  it("keeps the most recently used entries up to its capacity", () => {
    const cache = new LruCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    assert.equal(cache.get("a"), 1); // a is now the most recent
    cache.set("c", 3); // evicts b
    assert.equal(cache.get("b"), undefined);
    assert.equal(cache.get("a"), 1);
    assert.equal(cache.get("c"), 3);
    cache.set("a", 10); // replaces, no eviction
    assert.equal(cache.get("a"), 10);
    assert.equal(cache.get("c"), 3);
  });
});
