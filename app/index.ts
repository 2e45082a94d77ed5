// lockstep's application core: the operations the commands are made of, each taking options and
// returning data. Nothing here prints, sets an exit code or writes a file; the CLI (cli/) does.
export { check, type CheckOptions, type CheckResult } from "./check";
export { runParity as parity, type ParityOptions, type ParityRun } from "./parity";
export { preview, type PreviewProgramOptions } from "./preview";
export { renderProgram as render, type RenderProgramOptions } from "./renderProgram";
