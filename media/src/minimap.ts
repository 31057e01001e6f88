// The minimap: the whole graph small in a corner, with the region in view outlined, shown while part of the
// graph is out of view (a big DAG opens at a readable scale around its roots). A click or drag on it moves
// the view there.

import type { RenderedGraph } from "./render";
import type { Box } from "./viewport";

const SVG_NS = "http://www.w3.org/2000/svg";

export class Minimap {
  private readonly svg = document.createElementNS(SVG_NS, "svg");
  private readonly nodes = document.createElementNS(SVG_NS, "g");
  private readonly region = document.createElementNS(SVG_NS, "rect");
  private bounds?: Box;

  /** `onPick`: the graph point the user clicked or dragged to, to centre the view on. */
  constructor(parent: Element, onPick: (point: { x: number; y: number }) => void) {
    this.svg.setAttribute("class", "minimap");
    this.svg.setAttribute("aria-label", "Minimap: click to move the view");
    this.svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    this.region.setAttribute("class", "minimap-region");
    this.svg.append(this.nodes, this.region);
    this.svg.style.display = "none";
    parent.appendChild(this.svg);
    let dragging = false;
    const pick = (e: PointerEvent): void => {
      const m = this.svg.getScreenCTM();
      if (!m) return;
      const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
      onPick({ x: p.x, y: p.y });
    };
    this.svg.addEventListener("pointerdown", (e) => {
      dragging = true;
      this.svg.setPointerCapture(e.pointerId);
      pick(e);
    });
    this.svg.addEventListener("pointermove", (e) => dragging && pick(e));
    this.svg.addEventListener("pointerup", () => (dragging = false));
  }

  /** Draws the nodes of a new drawing as plain boxes. */
  draw(rendered: RenderedGraph): void {
    const b = rendered.bounds;
    this.bounds = b;
    this.svg.setAttribute("viewBox", `${b.x} ${b.y} ${Math.max(1, b.width)} ${Math.max(1, b.height)}`);
    const boxes = [...rendered.nodes.values()].map(({ box }) => {
      const r = document.createElementNS(SVG_NS, "rect");
      r.setAttribute("x", String(box.x));
      r.setAttribute("y", String(box.y));
      r.setAttribute("width", String(box.width));
      r.setAttribute("height", String(box.height));
      return r;
    });
    this.nodes.replaceChildren(...boxes);
  }

  /** Outlines the region in view; hidden while the whole graph is in it. */
  show(region: Box): void {
    const b = this.bounds;
    const whole = !b || (region.x <= b.x && region.y <= b.y && region.x + region.width >= b.x + b.width && region.y + region.height >= b.y + b.height);
    this.svg.style.display = whole ? "none" : "";
    document.body.dataset.minimap = whole ? "hidden" : "shown";
    if (whole) return;
    this.region.setAttribute("x", String(region.x));
    this.region.setAttribute("y", String(region.y));
    this.region.setAttribute("width", String(region.width));
    this.region.setAttribute("height", String(region.height));
  }
}
