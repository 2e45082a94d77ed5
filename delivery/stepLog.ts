// The steps of a promotion or rollback, each with its outcome and duration, as the commands print them.
import { redactUrlsIn } from "../project/redactUrls";

export interface Step {
    name: string;
    ok: boolean;
    seconds: number;
    detail?: string;
}

export type Clock = () => number; // milliseconds

export class StepLog {
    readonly steps: Step[] = [];
    private readonly started: number;

    constructor(private readonly clock: Clock, private readonly onStep: (step: Step) => void = () => undefined) {
        this.started = clock();
    }

    /** Runs one step; `work` says whether it succeeded and why. */
    async run(name: string, work: () => Promise<{ ok: boolean; detail?: string }>): Promise<boolean> {
        const begin = this.clock();
        const { ok, detail } = await work();
        // A detail quotes smoke reasons and engine errors, which may hold a URL: recorded without its credentials.
        const step = { name, ok, seconds: (this.clock() - begin) / 1000, detail: detail === undefined ? undefined : redactUrlsIn(detail) };
        this.steps.push(step);
        this.onStep(step);
        return ok;
    }

    totalSeconds(): number {
        return (this.clock() - this.started) / 1000;
    }
}

export function formatStep(step: Step): string {
    return `${step.ok ? "ok  " : "FAIL"}  ${step.name}  (${step.seconds.toFixed(1)} s)${step.detail ? `  ${step.detail}` : ""}`;
}
