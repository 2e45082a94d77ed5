import type { ResourceValidationPolicy } from "@pulumi/policy";

const policyTypes = ["aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy"];

interface Statement {
    Sid?: string;
    Effect?: string;
    Action?: string | string[];
    Resource?: string | string[];
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export const iamNoWildcardStatements: ResourceValidationPolicy = {
    name: "aws-iam-policy-no-wildcard-admin",
    description: "No IAM policy statement allows every action (*) on every resource (*).",
    validateResource: (args, reportViolation) => {
        if (!policyTypes.includes(args.type)) return;
        const raw = args.props.policy;
        let document: { Statement?: Statement | Statement[] };
        try {
            document = typeof raw === "string" ? JSON.parse(raw) : raw;
        } catch {
            reportViolation(`IAM policy must be a JSON policy document; it is not valid JSON.`);
            return;
        }
        const statements = list(document?.Statement as never) as unknown as Statement[];
        statements.forEach((statement, index) => {
            if (statement.Effect !== "Allow") return;
            if (list(statement.Action).includes("*") && list(statement.Resource).includes("*")) {
                reportViolation(
                    `IAM statement ${statement.Sid ?? `#${index}`} must name the actions and resources it allows; it allows Action "*" on Resource "*".`,
                );
            }
        });
    },
};
