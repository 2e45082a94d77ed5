// Marks a resource validation as applying to one type only. @pulumi/policy's validateResourceOfType
// does the same through `__pulumiType`, and the server then skips other resources before decoding
// their properties (most of the cost of an Analyze call); we mark the function directly so the pack
// need not load @pulumi/kubernetes for the resource class.
import type { ResourceValidation, ResourceValidationArgs, ReportViolation } from "@pulumi/policy";

export function validateType(type: string, validate: (args: ResourceValidationArgs, reportViolation: ReportViolation) => void): ResourceValidation {
    const validation = (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        if (args.type === type) validate(args, reportViolation);
    };
    return Object.assign(validation, { __pulumiType: type });
}
