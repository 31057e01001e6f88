import { strict as assert } from "node:assert";
import { fitViewport, keepAnchor, MAX_ZOOM, MIN_ZOOM, zoomAt } from "../src/viewport";

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
});
