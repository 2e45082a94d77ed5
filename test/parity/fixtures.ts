// In-memory environments for the core's tests.
import { configScope, type EnvironmentSnapshot } from "../../parity/model";
import { parityOf, type ParityInput } from "../../parity/parityOf";
import { leafEntries, settingsOf, type Settings } from "../../parity/settings";
import type { IntendedRule } from "../../parity/intendedDifferences";

export const keyed = new Set(["containers", "env", "ports", "volumes"]);

export function configEnv(stack: string, config: Record<string, unknown>): EnvironmentSnapshot {
    return { stack, sources: { config: new Map([[configScope, settingsOf(config, { stack, keyedLists: keyed })]]) } };
}

export function compare(envs: EnvironmentSnapshot[], rules: IntendedRule[] = [], extra: Partial<ParityInput> = {}) {
    return parityOf({ environments: envs, baseline: "prod", sources: ["config"], rules, today: "2026-11-22", threshold: 90, maxUnexplained: 0, ...extra });
}

/** A scope's settings as path → normalized leaf. */
export function valuesOf(settings: Settings): Record<string, unknown> {
    return Object.fromEntries(leafEntries(settings.tree));
}
