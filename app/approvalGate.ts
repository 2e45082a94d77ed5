// The approval gate by name, and where to find the format of the approvals that satisfy it: `check` sets the
// gate aside without them, `preview` (like `pulumi preview`) fails it, and both say so.

/** The pack's policy that counts a change's approvers (policies/stack/requireChangeApproval.ts). */
export const approvalPolicy = "deployment-change-approval";

/** A committed example of the policy config CI writes from a run's reviews. */
export const approvalsExample = "docs/approvals.example.json";
