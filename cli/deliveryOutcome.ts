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

export function finish(outcome: DeliveryOutcome, project: PulumiProject, stack: string, format: (typeof outcomeFormats)[number]): number {
    let wrote: string | undefined;
    if (outcome.deployedEdits.length > 0) {
        const file = stackFilePath(project, stack);
        // Written atomically: complete or not at all.
        writeFileAtomically(file, stackFileWithEdits(fs.readFileSync(file, "utf8"), file, outcome.deployedEdits));
        wrote = path.relative(process.cwd(), file) || file;
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
