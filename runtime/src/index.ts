// What user code imports from "gluepy" (DESIGN §2).

export { Task, AfterEntry, type TaskClass, type TaskOptions } from "./exec/task";
export { DAG, type DagClass, type DagEntryInput, type DagOptions } from "./exec/dag";
