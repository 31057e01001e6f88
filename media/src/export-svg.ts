// Export of the drawing as a standalone SVG file: the theme's CSS variables do not exist outside the
// webview, so every colour and font is resolved now and written as a presentation attribute.

import type { Box } from "./viewport";

const INLINED = ["fill", "stroke", "stroke-width", "stroke-dasharray", "opacity", "font-family", "font-size", "font-weight"] as const;
const MARGIN = 16;

/** The SVG text of `source` showing `bounds`, with the pan/zoom of `viewportLayer` removed. */
export function exportSvg(source: SVGSVGElement, viewportLayer: SVGGElement, bounds: Box, background: string): string {
  const copy = source.cloneNode(true) as SVGSVGElement;
  const originals = [source, ...source.querySelectorAll("*")];
  const copies = [copy, ...copy.querySelectorAll("*")];
  originals.forEach((el, i) => {
    const target = copies[i]!;
    const style = getComputedStyle(el);
    for (const prop of INLINED) {
      const value = style.getPropertyValue(prop);
      if (value) target.setAttribute(prop, value);
    }
    for (const attr of ["class", "tabindex", "role", "style"]) target.removeAttribute(attr);
  });
  const layerIndex = originals.indexOf(viewportLayer);
  copies[layerIndex]?.removeAttribute("transform");

  const box = { x: bounds.x - MARGIN, y: bounds.y - MARGIN, width: bounds.width + 2 * MARGIN, height: bounds.height + 2 * MARGIN };
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  copy.setAttribute("viewBox", `${box.x} ${box.y} ${box.width} ${box.height}`);
  copy.setAttribute("width", String(box.width));
  copy.setAttribute("height", String(box.height));
  const backdrop = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  for (const [k, v] of Object.entries({ x: box.x, y: box.y, width: box.width, height: box.height, fill: background })) backdrop.setAttribute(k, String(v));
  copy.insertBefore(backdrop, copy.firstChild);
  return new XMLSerializer().serializeToString(copy);
}
