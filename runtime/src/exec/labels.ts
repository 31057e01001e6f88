// The label of a Task or DAG class: its own `static label`, else the class name lower-cased.
// Only an OWN label counts: a subclass of a labelled base must not inherit the base's label.

import { defaultLabel } from "../../../shared/dag-model";

export function labelOf(cls: Function & { label?: string }): string {
  // Reflect.get: each class has a shape of its own, so a plain read misses V8's property caches.
  const label: unknown = Object.prototype.hasOwnProperty.call(cls, "label") ? Reflect.get(cls, "label") : undefined;
  return typeof label === "string" ? label : defaultLabel(Reflect.get(cls, "name") as string);
}
