// How promote and rollback finish: write what is now deployed back to the stack file (so the next merge
// does not undo it), then print the summary, total duration and that write, as text or JSON.
import * as fs from "fs";
import * as path from "path";
import { stackFileWithEdits } from "../delivery/configEdit";
import type { DeliveryOutcome } from "../delivery/promote";
import { formatStep, type Step } from "../delivery/stepLog";
import { stackFilePath, type PulumiProject } from "../project/pulumiProject";
import { ExitCode } from "./command";
import { writeFileAtomically } from "./output";

export const outcomeFormats = ["text", "json"] as const;

/** Steps print as they finish on a text run (a promotion takes minutes); JSON prints once at the end. */
export function stepPrinter(format: (typeof outcomeFormats)[number]): (step: Step) => void {
    return format === "text" ? (step) => process.stdout.write(`${formatStep(step)}\n`) : () => undefined;
}

/** The stack file as the user left it, read before the Pulumi CLI (which rewrites it on `config set`) touches it. */
export function stackFileBefore(project: PulumiProject, stack: string): string {
    return fs.readFileSync(stackFilePath(project, stack), "utf8");
}

/** After an operation that threw: the user's stack file back as it was, if the CLI rewrote it. */
export function restoreStackFile(project: PulumiProject, stack: string, before: string): void {
    const file = stackFilePath(project, stack);
    if (fs.readFileSync(file, "utf8") !== before) writeFileAtomically(file, before);
}

/**
 * `before` is the stack file's text from before the operation: the CLI's `config set` rewrites the file in
 * its own layout, so what is deployed is written onto the user's text (comments and layout kept), and an
 * operation that deployed nothing puts the user's text back byte for byte.
 */
export function finish(outcome: DeliveryOutcome, project: PulumiProject, stack: string, format: (typeof outcomeFormats)[number], before: string): number {
    let wrote: string | undefined;
    const file = stackFilePath(project, stack);
    if (outcome.deployedEdits.length > 0) {
        // Written atomically: complete or not at all.
        writeFileAtomically(file, stackFileWithEdits(before, file, outcome.deployedEdits));
        wrote = path.relative(process.cwd(), file) || file;
    } else {
        restoreStackFile(project, stack, before);
    }
    if (format === "json") {
        process.stdout.write(`${JSON.stringify({ schemaVersion: 1, ok: outcome.ok, summary: outcome.summary, totalSeconds: round(outcome.totalSeconds), steps: outcome.steps.map((s) => ({ ...s, seconds: round(s.seconds) })), stackFileWritten: wrote ?? null }, null, 2)}\n`);
    } else {
        process.stdout.write(`${outcome.ok ? "done" : "FAILED"}: ${outcome.summary} (${outcome.totalSeconds.toFixed(1)} s in total)\n`);
        if (wrote) process.stdout.write(`wrote the deployed config to ${wrote} (comments kept): commit it so the next merge does not undo this\n`);
    }
    return outcome.ok ? ExitCode.Ok : ExitCode.GateFailed;
}

function round(seconds: number): number {
    return Math.round(seconds * 10) / 10;
}
