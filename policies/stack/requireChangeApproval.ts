import type { StackValidationPolicy } from "@pulumi/policy";
import { currentEnvironment, perEnvironment, type Environment } from "../environment";
import { countedApprovers, normalizeLogin as normalize } from "./breakGlass";

interface Config {
    approvers: string[];
    author: string;
    requiredApprovals: Record<Environment, number>;
}

export const deploymentChangeApproval: StackValidationPolicy = {
    name: "deployment-change-approval",
    description: "A change is approved by enough distinct people other than its author before it reaches the environment (CI passes the approvals as this policy's config).",
    configSchema: {
        properties: {
            approvers: { type: "array", items: { type: "string" }, default: [], description: "Logins that approved this change." },
            author: { type: "string", default: "", description: "Login of the change's author; their approval does not count." },
            requiredApprovals: perEnvironment("integer", { dev: 0, staging: 1, prod: 2 }, "Distinct approvers other than the author needed per environment."),
        },
    },
    validateStack: (args, reportViolation) => {
        const environment = currentEnvironment();
        const { approvers, author, requiredApprovals } = args.getConfig<Config>();
        const required = requiredApprovals[environment];
        if (required <= 0) return;
        if (normalize(author) === "") {
            reportViolation(`${environment} updates need ${required} approval(s) and the change's author; no author was given (policy config "author").`);
            return;
        }
        const counted = countedApprovers(approvers, author);
        if (counted.length >= required) return;
        const approvedBy = approvers.length === 0 ? "nobody" : approvers.join(", ");
        const authorNote = approvers.some((a) => normalize(a) === normalize(author)) ? ` (${author} is the author and does not count)` : "";
        reportViolation(
            `${environment} updates need ${required} distinct approvers other than the author ${author}; approved by ${approvedBy}${authorNote}: ` +
                `${required - counted.length} more approval(s) needed.`,
        );
    },
};
