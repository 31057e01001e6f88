// What user code imports from "gluepy" (DESIGN §2).

export { Task, AfterEntry, type TaskClass } from "./exec/task";
export { DAG, type DagClass, type DagEntryInput } from "./exec/dag";
