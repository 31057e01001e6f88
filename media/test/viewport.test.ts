import { strict as assert } from "node:assert";
import { fitViewport, keepAnchor, MAX_ZOOM, MIN_ZOOM, READABLE_ZOOM, readableViewport, visibleRegion, zoomAt } from "../src/viewport";

describe("viewport: pan and zoom arithmetic", () => {
  it("fits a large graph inside the view, centred, and never enlarges a small one", () => {
    const big = fitViewport({ x: 0, y: 0, width: 2000, height: 500 }, 1000, 800, 0);
    assert.equal(big.k, 0.5);
    assert.equal(big.y, (800 - 250) / 2);
    assert.equal(fitViewport({ x: 0, y: 0, width: 100, height: 50 }, 1000, 800).k, 1);
  });

  it("zooms about the pointer: the graph point under it stays under it", () => {
    const vp = zoomAt({ x: 10, y: 20, k: 1 }, 2, 110, 120);
    assert.deepEqual({ gx: (110 - vp.x) / vp.k, gy: (120 - vp.y) / vp.k }, { gx: 100, gy: 100 });
    assert.equal(zoomAt({ x: 0, y: 0, k: 1 }, 1000, 0, 0).k, MAX_ZOOM);
    assert.equal(zoomAt({ x: 0, y: 0, k: 1 }, 0.0001, 0, 0).k, MIN_ZOOM);
  });

  it("keeps a node on the same screen spot when a relayout moves it", () => {
    const vp = { x: 5, y: 5, k: 2 };
    const moved = keepAnchor(vp, { x: 100, y: 50 }, { x: 160, y: 40 });
    assert.deepEqual([100 * vp.k + vp.x, 50 * vp.k + vp.y], [160 * moved.k + moved.x, 40 * moved.k + moved.y]);
  });

  it("fits a graph whole while it reads; a bigger one opens at the readable scale around its roots, inside the graph", () => {
    const small = readableViewport({ x: 0, y: 0, width: 1000, height: 600 }, { x: 0, y: 0, width: 100, height: 40 }, 1000, 800, 0);
    assert.deepEqual([small.viewport.k, small.fitted], [1, true]);
    // A wide DAG whose roots sit at its left, in the middle of its height.
    const box = { x: 0, y: 0, width: 8000, height: 3000 };
    const roots = { x: 0, y: 1400, width: 150, height: 200 };
    const { viewport, fitted } = readableViewport(box, roots, 1000, 800, 24);
    assert.equal(fitted, false);
    assert.equal(viewport.k, READABLE_ZOOM);
    const region = visibleRegion(viewport, 1000, 800);
    assert.ok(region.x <= roots.x && region.x + region.width >= roots.x + roots.width, "the roots are in view across");
    assert.ok(region.y <= roots.y && region.y + region.height >= roots.y + roots.height, "and down");
    assert.equal(viewport.x, 24, "no empty space left of the graph's start");
  });
});
