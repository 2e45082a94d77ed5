// StackOperations through the Pulumi Automation API: every call runs the `pulumi` CLI found on PATH
// (so it needs the CLI and the stack's backend credentials at run time).
import { LocalWorkspace, type EngineEvent } from "@pulumi/pulumi/automation";
import { InputError } from "../project/inputError";
import { numberUpdates, type PlannedChange, type StackOperations, type UpdateRecord } from "./stackOperations";

export async function openAutomationStack(stack: string, projectDir: string): Promise<StackOperations> {
    let selected;
    try {
        selected = await LocalWorkspace.selectStack({ stackName: stack, workDir: projectDir });
    } catch (err) {
        throw new InputError(`--stack ${stack}: cannot select the stack through the Pulumi CLI (${firstErrorLine(err)}): install pulumi, log in, or check the name`);
    }
    return {
        stack,
        async history() {
            // Every page: the CLI returns the newest 10 updates unless asked for more. showSecrets false: the
            // Automation API shows secrets by default, and history is only read here.
            const records: Awaited<ReturnType<typeof selected.history>> = [];
            for (let page = 1; ; page++) {
                const batch = await selected.history(historyPageSize, page, false);
                records.push(...batch);
                if (batch.length < historyPageSize) break;
            }
            return numberUpdates(
                records.map((r) => ({
                    ...(r as unknown as UpdateRecord),
                    startTime: toIso(r.startTime),
                    endTime: r.endTime === undefined ? undefined : toIso(r.endTime),
                })),
            );
        },
        async outputs() {
            const outputs = await selected.outputs();
            return Object.fromEntries(Object.entries(outputs).filter(([, o]) => !o.secret).map(([k, o]) => [k, o.value]));
        },
        async setConfig(path, value) {
            await selected.setConfig(path, { value, secret: false }, true);
        },
        async preview() {
            const changes: PlannedChange[] = [];
            const onEvent = (event: EngineEvent) => {
                const meta = event.resourcePreEvent?.metadata;
                if (meta && meta.op !== "same") changes.push({ op: meta.op, urn: meta.urn, type: meta.type });
            };
            const result = await selected.preview({ onEvent });
            return { counts: { ...(result.changeSummary as Record<string, number>) }, changes };
        },
        async up(message) {
            try {
                await selected.up({ message });
                return { succeeded: true };
            } catch (err) {
                return { succeeded: false, error: firstErrorLine(err) };
            }
        },
    };
}

const historyPageSize = 100;

function toIso(time: unknown): string {
    return time instanceof Date ? time.toISOString() : String(time);
}

/** The engine's `error:` line when there is one: the rest of a CommandError is the whole CLI transcript. */
export function firstErrorLine(err: unknown): string {
    const text = err instanceof Error ? err.message : String(err);
    const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
    return lines.find((l) => /^error:/i.test(l)) ?? lines.find((l) => /stderr:/.test(l)) ?? lines[0] ?? "unknown error";
}
