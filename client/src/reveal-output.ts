// When the run's log (the "Gluepy" output) comes into view by itself (setting gluepy.run.revealOutput). Shown,
// VS Code re-reads and redraws it with every batch of lines: during a run of many tasks that slows the window.

export type RevealOutput = "always" | "onFailure" | "never";

/** Whether the log comes into view at a run's start, or at its end when the run failed or did not start. */
export function revealsOutput(setting: RevealOutput, moment: "start" | "failure"): boolean {
  return moment === "start" ? setting === "always" : setting === "onFailure";
}
