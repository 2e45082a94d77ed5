// The one seam between delivery logic and Pulumi: everything promote, rollback, smoke and metrics need
// from a stack. The Automation API adapter implements it for real; tests use an in-memory fake.

/** One entry of `pulumi stack history --json` (newest first), times as ISO strings. */
export interface UpdateRecord {
    version: number;
    kind: string;
    startTime: string;
    endTime?: string;
    message?: string;
    result: "not-started" | "in-progress" | "succeeded" | "failed" | string;
    environment?: Record<string, string>;
    /** Config as recorded for the update: `{value?, objectValue?, secret}` per key. */
    config?: Record<string, { value?: string; objectValue?: unknown; secret?: boolean }>;
    resourceChanges?: Record<string, number>;
}

/** What a preview would do to one resource. */
export interface PlannedChange {
    op: string;
    urn: string;
    type: string;
}

export interface PreviewSummary {
    /** Counts by operation as the engine's summary event reports them (create, update, delete, replace, same...). */
    counts: Record<string, number>;
    /** Every non-`same` step, with its resource type. */
    changes: PlannedChange[];
}

export interface UpOutcome {
    succeeded: boolean;
    /** The engine's first error line when it failed (never a secret: the CLI masks them). */
    error?: string;
}

export interface StackOperations {
    readonly stack: string;
    history(): Promise<UpdateRecord[]>;
    /** Stack outputs as plain values; secret outputs are left out so they cannot be printed. */
    outputs(): Promise<Record<string, unknown>>;
    /** Sets one config value by path (`lockstep:services[1].activeColor`), as `pulumi config set --path`. */
    setConfig(path: string, value: string): Promise<void>;
    preview(): Promise<PreviewSummary>;
    up(message: string): Promise<UpOutcome>;
}

/** Opens the operations of one stack of the project in `projectDir`. */
export type OpenStack = (stack: string, projectDir: string) => Promise<StackOperations>;

/**
 * A file (DIY) backend records no update numbers (every entry has version 0); Pulumi Cloud numbers a stack's
 * updates from 1. Without numbers, lockstep numbers them the same way, oldest first, so that rollback plans
 * and `--to` can name an update. `history` is newest first, as the CLI gives it.
 */
export function numberUpdates(history: UpdateRecord[]): UpdateRecord[] {
    if (history.some((h) => h.version)) return history;
    return history.map((h, i) => ({ ...h, version: history.length - i }));
}
