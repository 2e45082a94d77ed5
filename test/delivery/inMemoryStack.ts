// An in-memory StackOperations for the delivery logic's tests: config as a flat map of set paths, a
// scripted sequence of update outcomes and preview changes, and a record of every call in order.
import type { PlannedChange, StackOperations, UpdateRecord, UpOutcome } from "../../delivery/stackOperations";

export interface InMemoryStack extends StackOperations {
    calls: string[];
    config: Map<string, string>;
    /** Outcomes of the next `up` calls, in order; afterwards every update succeeds. */
    upOutcomes: UpOutcome[];
    previewChanges: PlannedChange[];
    historyRecords: UpdateRecord[];
    outputValues: Record<string, unknown>;
}

export function inMemoryStack(init: Partial<Pick<InMemoryStack, "upOutcomes" | "previewChanges" | "historyRecords" | "outputValues">> = {}): InMemoryStack {
    const fake: InMemoryStack = {
        stack: "dev",
        calls: [],
        config: new Map(),
        upOutcomes: init.upOutcomes ?? [],
        previewChanges: init.previewChanges ?? [],
        historyRecords: init.historyRecords ?? [],
        outputValues: init.outputValues ?? {
            services: {
                checkout: { url: "https://checkout.dev.example.com", previewUrl: "https://checkout-preview.dev.example.com", activeColor: "green" },
                "payments-api": { url: "https://payments-api.dev.example.com" },
            },
        },
        async history() {
            fake.calls.push("history");
            return fake.historyRecords;
        },
        async outputs() {
            fake.calls.push("outputs");
            return fake.outputValues;
        },
        async setConfig(path, value) {
            fake.calls.push(`config ${path}=${value}`);
            fake.config.set(path, value);
        },
        async preview() {
            fake.calls.push("preview");
            const counts: Record<string, number> = {};
            for (const c of fake.previewChanges) counts[c.op] = (counts[c.op] ?? 0) + 1;
            return { counts, changes: fake.previewChanges };
        },
        async up(message) {
            fake.calls.push(`up ${message}`);
            return fake.upOutcomes.shift() ?? { succeeded: true };
        },
    };
    return fake;
}

/** A clock that advances one second per reading, so durations are known exactly. */
export function steppingClock(): () => number {
    let now = 0;
    return () => (now += 1000);
}
