// The shapes the parity core works on and answers with.
import type { DifferenceKind } from "./compareSettings";
import type { Settings } from "./settings";

export const sourceNames = ["config", "rendered", "state"] as const;
export type SourceName = (typeof sourceNames)[number];

/** The scope of the config source; every other scope is a resource's stack-neutral identity. */
export const configScope = "config";
/** A resource's presence is a setting too, so a missing component without inputs still counts. */
export const presencePath = "@exists";
/** Whether the resource is protected from deletion (a resource option, not an input). */
export const protectPath = "@protect";

/** What a difference names when one stack lacks it whole: a resource, or an entry of a keyed list. */
export type WholeKind = "resource" | "entry";

/** One environment as each source sees it: scope (config, or a resource identity) → its settings. */
export interface EnvironmentSnapshot {
    stack: string;
    sources: Partial<Record<SourceName, Map<string, Settings>>>;
}

export interface Figure {
    identical: number;
    total: number;
    parityPercent: number;
}

export interface Difference {
    stack: string;
    source: SourceName;
    /** `config` or the resource identity. */
    scope: string;
    path: string;
    /** What rules match: the config path, or `<resource identity>/<input path>`. */
    key: string;
    kind: DifferenceKind;
    /**
     * Set when one of the two stacks lacks a whole resource (`key` is its identity) or a whole entry of
     * a keyed list in the config (a service in `lockstep:services`): one difference for all its settings,
     * which carries no values.
     */
    whole?: WholeKind;
    /** How many settings the difference covers: 1, or every setting of the whole resource or entry. */
    settings: number;
    /** Canonical JSON as each stack holds it; a secret shows as the marker, never its value. */
    baselineValue?: string;
    value?: string;
    secret: boolean;
    /** The stack name was replaced by a placeholder to compare this setting. */
    neutralized: boolean;
    intended: boolean;
    reason?: string;
    rule?: string;
    owner?: string;
    note?: string;
}

export interface EnvironmentParity extends Figure {
    stack: string;
    /** Differences (a whole resource or entry is one), intended and not; their settings make up total - identical. */
    intended: number;
    unexplained: number;
    bySource: Partial<Record<SourceName, Figure>>;
    /** Resources identical in every setting, over the union of resources (resource sources only). */
    resources?: Figure;
}

export interface ParityResult {
    baseline: string;
    threshold: number;
    maxUnexplained: number;
    sources: SourceName[];
    passed: boolean;
    environments: EnvironmentParity[];
    worst: { stack: string; parityPercent: number } | undefined;
    /** Settings identical in every environment, over the union of all environments' settings. */
    identicalInAll: Figure;
    /** Compared settings whose values held the stack name and were compared with it replaced. */
    neutralizedSettings: number;
    unexplained: number;
    differences: Difference[];
}
