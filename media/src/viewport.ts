// Pan and zoom as a pure transform: screen = graph * k + (x, y). Fitting, zooming about a point, and
// keeping a task where it was on screen when a live edit moves it in the new layout.

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

/** Centre the view on a graph point. */
export function centreOn(vp: Viewport, point: { x: number; y: number }, width: number, height: number): Viewport {
  return { k: vp.k, x: width / 2 - point.x * vp.k, y: height / 2 - point.y * vp.k };
}

export function toTransform(vp: Viewport): string {
  return `translate(${vp.x},${vp.y}) scale(${vp.k})`;
}
