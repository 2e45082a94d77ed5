import type { StackValidationPolicy } from "@pulumi/policy";
import { currentEnvironment, environmentOfStack } from "../environment";
import { breakGlassSchema, breakGlassShortfall } from "./breakGlass";

interface Freeze {
    from: string;
    to: string;
    toLocal: string;
    window: string;
}

interface Config {
    stack: string;
    freezes: Freeze[];
    validUntil: string;
    breakGlass: string;
    approvers: string[];
    author: string;
    now: string;
}

const configCommand = "lockstep freeze policy-config";

/**
 * CI builds this policy's config from stacks/freeze.yaml with `lockstep freeze policy-config`: the freezes
 * as UTC instants, so the pack does no time-zone arithmetic and judges the same wherever it runs; "now" is
 * the update's own time unless the config sets `now`.
 */
export const deploymentFreezeWindow: StackValidationPolicy = {
    name: "deployment-freeze-window",
    description: "A stack is not updated during one of its environment's freeze windows unless break glass is declared with two approvers other than the change's author.",
    configSchema: {
        properties: {
            stack: { type: "string", default: "", description: "The stack the freezes were built for (empty: any)." },
            freezes: {
                type: "array",
                default: [],
                description: "Freeze occurrences: from and to as ISO 8601 UTC instants, the end on the window's clock, and the window as declared.",
                items: {
                    type: "object",
                    properties: { from: { type: "string" }, to: { type: "string" }, toLocal: { type: "string" }, window: { type: "string" } },
                    required: ["from", "to", "window"],
                },
            },
            validUntil: { type: "string", default: "", description: "The end of the time the freezes were listed for (empty: no list was built)." },
            ...breakGlassSchema,
            now: { type: "string", default: "", description: "The instant to judge, ISO 8601 (empty: the time of the update)." },
        },
    },
    validateStack: (args, reportViolation) => {
        const config = args.getConfig<Config>();
        const environment = currentEnvironment();
        if (config.validUntil === "" && config.freezes.length === 0) return;
        if (config.stack !== "" && environmentOfStack(config.stack) !== environment) {
            reportViolation(`the freezes in this policy's config were built for ${config.stack}, not for this ${environment} stack: build them with ${configCommand} --stack <this stack>.`);
            return;
        }
        const now = config.now === "" ? Date.now() : Date.parse(config.now);
        if (Number.isNaN(now)) {
            reportViolation(`policy config "now" must be an ISO 8601 instant like 2026-12-24T12:00:00Z; it has "${config.now}".`);
            return;
        }
        if (config.validUntil !== "" && !(now < Date.parse(config.validUntil))) {
            reportViolation(`the freezes in this policy's config were listed up to ${config.validUntil}, and it is now ${new Date(now).toISOString()}: build them again with ${configCommand}.`);
            return;
        }
        const activeAt = (t: number) => config.freezes.filter((f) => Date.parse(f.from) <= t && t < Date.parse(f.to));
        const active = activeAt(now);
        if (active.length === 0) return;
        // Freezes that overlap or adjoin are one freeze: it lasts until none holds.
        let last = active.reduce((a, b) => (Date.parse(b.to) > Date.parse(a.to) ? b : a));
        for (let next = activeAt(Date.parse(last.to)); next.length > 0; next = activeAt(Date.parse(last.to))) {
            last = next.reduce((a, b) => (Date.parse(b.to) > Date.parse(a.to) ? b : a));
        }
        const frozen = `${environment} is frozen by ${active.map((f) => f.window).join(" and ")} until ${last.toLocal ? `${last.toLocal}, ` : ""}${last.to}`;
        if (config.breakGlass === "") {
            reportViolation(`${frozen}: deploy after it ends, or break glass with two approvers other than the author (${configCommand} --break-glass REASON).`);
            return;
        }
        const shortfall = breakGlassShortfall(config);
        if (shortfall !== undefined) reportViolation(`${frozen}: ${shortfall}`);
    },
};
