// The label of a Task or DAG class: its own `static label`, else the class name lower-cased.
// Only an OWN label counts: a subclass of a labelled base must not inherit the base's label.

import { defaultLabel } from "../../../shared/dag";

export function labelOf(cls: Function & { label?: string }): string {
  return Object.prototype.hasOwnProperty.call(cls, "label") && typeof cls.label === "string" ? cls.label : defaultLabel(cls.name);
}
