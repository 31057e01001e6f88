// Batching of bursts of run events: per frame for the graph and the toast; for the Runs view, the first
// change at once and then at most one delivery per interval (what VS Code's tree views can show).

import { strict as assert } from "node:assert";
import { FrameBatches } from "../src/frame-batches";

describe("frame batches", () => {
  it("delivers a burst as one batch after the interval, and a flush at once", async () => {
    const got: number[][] = [];
    let resolveNext!: () => void;
    const next = new Promise<void>((r) => (resolveNext = r));
    const batches = new FrameBatches<number>((items) => {
      got.push(items);
      resolveNext();
    });
    for (let i = 0; i < 100; i++) batches.push(i);
    assert.equal(got.length, 0, "nothing before the frame's timer");
    await next;
    assert.equal(got.length, 1);
    assert.equal(got[0]!.length, 100);
    batches.push(100);
    batches.flush();
    assert.deepEqual(got[1], [100]);
    batches.dispose();
  });

  it("leading: the first item after a quiet interval goes at once, the rest of the burst together one interval later", async () => {
    const got: number[][] = [];
    let resolveNext: (() => void) | undefined;
    const batches = new FrameBatches<number>(
      (items) => {
        got.push(items);
        resolveNext?.();
      },
      50,
      true,
    );
    batches.push(0);
    assert.deepEqual(got, [[0]], "delivered synchronously");
    const second = new Promise<void>((r) => (resolveNext = r));
    for (let i = 1; i <= 10; i++) batches.push(i);
    assert.equal(got.length, 1, "the burst waits for the interval");
    await second;
    assert.deepEqual(got[1], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    batches.push(11);
    assert.equal(got.length, 2, "an item right after a delivery waits for the next interval");
    batches.flush();
    assert.deepEqual(got[2], [11]);
    batches.dispose();
  });
});
