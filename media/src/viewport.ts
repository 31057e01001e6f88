// Pan and zoom as a pure transform: screen = graph * k + (x, y). Fitting (never below a readable scale),
// zooming about a point, and keeping a task where it was on screen when a live edit moves it in the new layout.

export interface Viewport {
  x: number;
  y: number;
  k: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 4;

const clampZoom = (k: number): number => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));

/** The whole box centred in a view of `width` × `height`, never enlarged past 1:1. */
export function fitViewport(box: Box, width: number, height: number, margin = 24): Viewport {
  const k = clampZoom(Math.min(1, (width - 2 * margin) / Math.max(1, box.width), (height - 2 * margin) / Math.max(1, box.height)));
  return { k, x: (width - box.width * k) / 2 - box.x * k, y: (height - box.height * k) / 2 - box.y * k };
}

/** The least scale at which a node's 13 px label stays readable (10 px on screen): the graph is never
 * fitted smaller than this (a 300-task DAG fitted whole was a column of dots at 0.05). */
export const READABLE_ZOOM = 0.75;

/**
 * The view a graph opens with: the whole box when it fits at a readable scale; else the readable scale,
 * centred on `around` (the DAG's roots, or the selection), and kept inside the graph so no side of the view
 * shows empty space the graph could fill. `fitted`: whether all of it is in view (no minimap needed).
 */
export function readableViewport(box: Box, around: Box | undefined, width: number, height: number, margin = 24): { viewport: Viewport; fitted: boolean } {
  const whole = fitViewport(box, width, height, margin);
  if (whole.k >= READABLE_ZOOM || !around) return { viewport: whole, fitted: true };
  const k = READABLE_ZOOM;
  const centred = centreOn({ x: 0, y: 0, k }, { x: around.x + around.width / 2, y: around.y + around.height / 2 }, width, height);
  return {
    viewport: { k, x: keepInside(centred.x, box.x, box.width, k, width, margin), y: keepInside(centred.y, box.y, box.height, k, height, margin) },
    fitted: false,
  };
}

/** A translation along one axis moved so the graph's extent covers the view there (or is centred when shorter). */
function keepInside(t: number, start: number, length: number, k: number, view: number, margin: number): number {
  const lowest = view - margin - (start + length) * k;
  const highest = margin - start * k;
  return lowest > highest ? (lowest + highest) / 2 : Math.min(highest, Math.max(lowest, t));
}

/** The smallest box holding all of `boxes`; undefined for none. */
export function boxAround(boxes: Box[]): Box | undefined {
  if (boxes.length === 0) return undefined;
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}

/** Zoom by `factor` keeping the graph point under screen point (sx, sy) in place. */
export function zoomAt(vp: Viewport, factor: number, sx: number, sy: number): Viewport {
  const k = clampZoom(vp.k * factor);
  const gx = (sx - vp.x) / vp.k;
  const gy = (sy - vp.y) / vp.k;
  return { k, x: sx - gx * k, y: sy - gy * k };
}

export function panBy(vp: Viewport, dx: number, dy: number): Viewport {
  return { ...vp, x: vp.x + dx, y: vp.y + dy };
}

/** Same zoom, shifted so a point that moved from `before` to `after` (graph coordinates) stays put on screen. */
export function keepAnchor(vp: Viewport, before: { x: number; y: number }, after: { x: number; y: number }): Viewport {
  return { k: vp.k, x: vp.x - (after.x - before.x) * vp.k, y: vp.y - (after.y - before.y) * vp.k };
}

/** Centre the view on a graph point, at scale `k` (the view's own by default). */
export function centreOn(vp: Viewport, point: { x: number; y: number }, width: number, height: number, k = vp.k): Viewport {
  return { k, x: width / 2 - point.x * k, y: height / 2 - point.y * k };
}

/** The graph region a view shows, in graph coordinates (what the minimap outlines). */
export function visibleRegion(vp: Viewport, width: number, height: number): Box {
  return { x: -vp.x / vp.k, y: -vp.y / vp.k, width: width / vp.k, height: height / vp.k };
}

export function toTransform(vp: Viewport): string {
  return `translate(${vp.x},${vp.y}) scale(${vp.k})`;
}
