// The default enforcement level of every policy in each environment. These become the pack's initial
// policy config, so `--policy-pack-config` overrides them the usual way (per policy or with "all").
import type { EnforcementLevel } from "@pulumi/policy";
import type { Environment } from "./environment";

export const defaultLevels: Record<Environment, EnforcementLevel> = {
    dev: "advisory",
    staging: "mandatory",
    prod: "mandatory",
};
