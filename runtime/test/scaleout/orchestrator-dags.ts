// DAG classes the orchestrator generators are checked on: every shape an orchestrator must keep (fan-out,
// fan-in, `.after`, a sub-DAG, an eval task) and labels no Python identifier allows.

import { DAG, Task } from "gluepy";

class Extract extends Task {
  run() {}
}
class CleanA extends Task {
  run() {}
}
class CleanB extends Task {
  run() {}
}
class Join extends Task {
  run() {}
}
class Report extends Task {
  run() {}
}
class Audit extends Task {
  run() {}
}
class Score extends Task {
  run() {}
}
class Scoring extends DAG {
  static label = "scoring";
  static tasks = [Score];
}
/** Fan-out (stage), fan-in (after the stage), an explicit .after, a sub-DAG and an eval task. */
export class Pipeline extends DAG {
  static label = "pipeline";
  static tasks = [Extract, [CleanA, CleanB], Join, Scoring, Audit.after(Extract, CleanB)];
  static evalTasks = [Report];
}

export class Small extends DAG {
  static label = "small";
  static tasks = [Extract, CleanA];
}

class Prep extends Task {
  run() {}
}
class Fit extends Task {
  run() {}
}
class Tune extends Task {
  run() {}
}
class Finish extends Task {
  run() {}
}
class Modelling extends DAG {
  static label = "modelling";
  static tasks = [Fit, Tune];
}
/** A sub-DAG between two tasks: its root runs after Prep, Finish after its leaf. */
export class WithSubDag extends DAG {
  static label = "with-sub-dag";
  static tasks = [Prep, Modelling, Finish];
}

class SourceA extends Task {
  run() {}
}
class SourceB extends Task {
  run() {}
}
class SourceC extends Task {
  run() {}
}
class Merge extends Task {
  run() {}
}
/** Three independent roots, one task after all of them. */
export class FanIn extends DAG {
  static label = "fan-in";
  static tasks = [[SourceA, SourceB, SourceC], Merge];
}

class Dashed extends Task {
  static label = "clean-data";
  run() {}
}
class Underscored extends Task {
  static label = "clean_data";
  run() {}
}
class Dotted extends Task {
  static label = "v1.score";
  run() {}
}
class Digit extends Task {
  static label = "2nd-pass";
  run() {}
}
class Keyword extends Task {
  static label = "class";
  run() {}
}
/** Labels with dashes, dots, a leading digit and a Python keyword; "clean-data" and "clean_data" meet as identifiers. */
export class OddLabels extends DAG {
  static label = "odd.labels-1";
  static tasks = [Dashed, [Underscored, Dotted], Digit, Keyword];
}

class X extends Task {
  run() {}
}
class Y extends Task {
  run() {}
}
export class Cyclic extends DAG {
  static label = "cyclic";
  static tasks = [X.after(Y), Y.after(X)];
}

/** Every valid shape above, with a name for test titles. */
export const VALID_DAGS = [
  { shape: "fan-out, fan-in, .after, sub-DAG and eval task", dag: Pipeline },
  { shape: "a sub-DAG between two tasks", dag: WithSubDag },
  { shape: "a fan-in of three roots", dag: FanIn },
  { shape: "labels with dashes, dots, a leading digit and a keyword", dag: OddLabels },
];
