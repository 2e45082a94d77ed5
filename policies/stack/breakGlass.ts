// Break glass in the stack policies' config: a reason, and approvers that count as for a prod change
// (distinct logins other than the change's author, compared as GitHub compares them).

/** Distinct approvers other than the author that break glass needs (as for a prod change). */
export const breakGlassApprovals = 2;

/** Logins compare case-insensitively (GitHub's do), so "Alice" cannot approve Alice's change. */
export const normalizeLogin = (login: string) => login.trim().toLowerCase();

/** The approvers that count: distinct, not empty, not the author. */
export function countedApprovers(approvers: readonly string[], author: string): string[] {
    return [...new Set(approvers.map(normalizeLogin))].filter((login) => login !== "" && login !== normalizeLogin(author));
}

export interface BreakGlassConfig {
    breakGlass: string;
    approvers: string[];
    author: string;
}

/** Why a declared break glass does not hold ("break glass (...) needs ..."), or undefined when it does. */
export function breakGlassShortfall(config: BreakGlassConfig): string | undefined {
    if (normalizeLogin(config.author) === "") return `break glass ("${config.breakGlass}") needs the change's author; no author was given (policy config "author").`;
    const counted = countedApprovers(config.approvers, config.author);
    if (counted.length >= breakGlassApprovals) return undefined;
    const approvedBy = config.approvers.length === 0 ? "nobody" : config.approvers.join(", ");
    return `break glass ("${config.breakGlass}") needs ${breakGlassApprovals} distinct approvers other than the author ${config.author}; approved by ${approvedBy}: ${breakGlassApprovals - counted.length} more approval(s) needed.`;
}

/** The config properties break glass adds to a policy's schema. */
export const breakGlassSchema = {
    breakGlass: { type: "string", default: "", description: "Why the gate is broken (empty: it is not)." },
    approvers: { type: "array", items: { type: "string" }, default: [], description: "Logins that approved breaking the gate." },
    author: { type: "string", default: "", description: "Login of the change's author; their approval does not count." },
} as const;
