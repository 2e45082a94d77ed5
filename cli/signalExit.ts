// Exit codes for signals, for every command: 128 + the signal's number, the shell's convention
// (SIGINT 130, SIGTERM 143, SIGHUP 129), so a CI runner or a supervisor can tell Ctrl-C from `kill`.
// Exiting runs the process's "exit" listeners, which kill any policy pack still running.
import * as os from "os";

export const handledSignals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** 128 + the signal's number: `SIGTERM` gives 143. */
export function signalExitCode(signal: (typeof handledSignals)[number]): number {
    return 128 + os.constants.signals[signal];
}

/**
 * Installed before a command runs, so these listeners come first: the process exits with the signal's
 * code before any later listener (a command's own clean-up) could exit with another.
 */
export function exitOnSignals(): void {
    for (const signal of handledSignals) process.once(signal, () => process.exit(signalExitCode(signal)));
}
