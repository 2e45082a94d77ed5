// parity.yaml: the gate's settings and the intended differences, validated strictly (unknown fields
// are errors, with the file and line).
import * as fs from "fs";
import { z } from "zod";
import { calendarDateProblem } from "../project/calendarDate";
import { InputError } from "../project/inputError";
import { plainIssueMessage } from "../project/plainIssue";
import { readYamlFile } from "../project/yamlFile";
import type { IntendedRule } from "./intendedDifferences";

export const defaultKeyedLists = ["containers", "env", "ports", "volumes"];

const ruleSchema = z.strictObject({
    path: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)], { error: 'expected a setting pattern like "lockstep:services.*.replicas", or a list of them' }),
    reason: z.string().min(10, "give a real reason (at least 10 characters)"),
    expected: z.record(z.string(), z.unknown()).optional(),
    owner: z.string().min(1).optional(),
    expires: z
        .string({ error: 'expected a quoted date like "2027-06-30"' })
        .superRefine((text, ctx) => {
            const problem = calendarDateProblem(text);
            if (problem !== undefined) ctx.addIssue({ code: "custom", message: `${problem}: expected a real day like "2027-06-30"` });
        })
        .optional(),
});

const parityFileSchema = z.strictObject({
    baseline: z.string().min(1).default("prod"),
    threshold: z.number().min(0).max(100).default(90),
    maxUnexplained: z.number().int().min(0).default(0),
    keyedLists: z.array(z.string().min(1)).default(defaultKeyedLists),
    intended: z.array(ruleSchema).default([]),
});

export interface ParitySettings {
    baseline: string;
    threshold: number;
    maxUnexplained: number;
    keyedLists: string[];
    rules: IntendedRule[];
    /** The file they came from, if any. */
    file?: string;
    /** What the file holds that is accepted but probably not meant (an empty file). */
    warnings?: string[];
}

// A pattern of only wildcards and separators (`**`, `*`, `*:**`, `**.*`) matches every setting.
export function matchesEverything(pattern: string): boolean {
    return pattern.replace(/[*.:/]/g, "") === "";
}

export const defaultParitySettings: ParitySettings = { baseline: "prod", threshold: 90, maxUnexplained: 0, keyedLists: defaultKeyedLists, rules: [] };

export function readParitySettings(file: string, displayName = file): ParitySettings {
    if (!fs.existsSync(file)) return { ...defaultParitySettings };
    const yaml = readYamlFile(file, displayName);
    const result = parityFileSchema.safeParse(yaml.value ?? {});
    if (!result.success) {
        const issue = result.error.issues[0];
        const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
        const where = [...issue.path, ...keys.slice(0, 1)] as (string | number)[];
        // A missing field has no line: the nearest enclosing one that exists (the rule) has.
        const enclosing = (issue.path as (string | number)[]).map((_, i, all) => all.slice(0, all.length - i));
        const line = yaml.lineOf(where) ?? enclosing.map((p) => yaml.lineOf(p)).find((l) => l !== undefined) ?? 1;
        const message = issue.code === "unrecognized_keys" ? `unknown field "${keys.join(", ")}"` : plainIssueMessage(issue);
        const at = issue.path.length ? `${issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").slice(1).replace(/^\[/, "[")}: ` : "";
        const fields = issue.path[0] === "intended" && issue.path.length > 1 ? "rule fields: path, reason, expected, owner, expires" : "fields: baseline, threshold, maxUnexplained, keyedLists, intended";
        throw new InputError(`${displayName}:${line}: ${at}${message}: fix parity.yaml (${fields})`);
    }
    const value = result.data;
    value.intended.forEach((rule, i) => {
        const patterns = typeof rule.path === "string" ? [rule.path] : rule.path;
        const j = patterns.findIndex(matchesEverything);
        if (j === -1) return;
        const at = typeof rule.path === "string" ? ["intended", i, "path"] : ["intended", i, "path", j];
        throw new InputError(
            `${displayName}:${yaml.lineOf(at) ?? yaml.lineOf(["intended", i]) ?? 1}: intended[${i}].path: "${patterns[j]}" matches every setting, so the rule would explain all drift: ` +
                `name the settings its reason is about, e.g. "lockstep:services.*.replicas"`,
        );
    });
    const warnings = yaml.value === null || yaml.value === undefined
        ? [`${displayName}: the file is empty: the defaults apply (baseline prod, threshold 90, max unexplained 0) and no difference is intended; declare them under intended:, or delete the file`]
        : [];
    return {
        baseline: value.baseline,
        threshold: value.threshold,
        maxUnexplained: value.maxUnexplained,
        keyedLists: value.keyedLists,
        rules: value.intended.map((r, i) => ({ ...r, path: typeof r.path === "string" ? [r.path] : r.path, line: yaml.lineOf(["intended", i]) })),
        file: displayName,
        warnings,
    };
}
