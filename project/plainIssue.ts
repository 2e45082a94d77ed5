// zod's own messages ("Invalid input: expected string, received undefined", "Too big: expected number to be
// <=65535") are a parser talking. Where a schema gives no message of its own, this says what was expected in
// the words of a config file: the type, the range, the allowed values.
import type { z } from "zod";

const typeNames: Record<string, string> = {
    string: "a string",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
    object: "a mapping of keys to values",
    array: "a list",
    record: "a mapping of keys to values",
    date: "a date",
    bigint: "a whole number",
};

/** True when `message` is one zod wrote itself, not one a schema supplied. */
function isZodDefault(message: string): boolean {
    return /^(Invalid (input|option|key|element|string|number)|Too (big|small)|Unrecognized key)/.test(message);
}

/** The issue's message, or for one of zod's defaults the same thing said plainly ("expected a whole number from 1 to 65535"). */
export function plainIssueMessage(issue: z.core.$ZodIssue): string {
    if (!isZodDefault(issue.message)) return issue.message;
    switch (issue.code) {
        case "invalid_type":
            return `expected ${typeNames[issue.expected] ?? issue.expected}`;
        case "too_big":
            return `expected ${bound(issue.origin, "at most", Number(issue.maximum), issue.inclusive !== false)}`;
        case "too_small":
            return `expected ${bound(issue.origin, "at least", Number(issue.minimum), issue.inclusive !== false)}`;
        case "invalid_value":
            return `expected ${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`}`;
        case "invalid_format":
            return `expected a value in ${issue.format} format`;
        case "not_multiple_of":
            return `expected a multiple of ${issue.divisor}`;
        case "unrecognized_keys":
            return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}: remove or correct ${issue.keys.length > 1 ? "them" : "it"}`;
        case "invalid_union":
            return "expected a value of one of the accepted forms";
        default:
            return "not an accepted value";
    }
}

function bound(origin: string, side: "at most" | "at least", limit: number, inclusive: boolean): string {
    if (!inclusive) return `a number ${side === "at most" ? "less than" : "more than"} ${limit}`;
    const n = limit;
    if (origin === "string") return n === 1 && side === "at least" ? "a non-empty string" : `${side} ${n} character${n === 1 ? "" : "s"}`;
    if (origin === "array" || origin === "set") return n === 1 && side === "at least" ? "at least one entry" : `${side} ${n} entr${n === 1 ? "y" : "ies"}`;
    return `a number ${side} ${n}`;
}
