// A stack through the Pulumi CLI, loaded when a command first needs it: the Automation API brings
// @pulumi/pulumi (hundreds of milliseconds), which `metrics --history` and `smoke --url` never need.
import type * as AutomationModule from "../delivery/automationStackOperations";
import type { StackOperations } from "../delivery/stackOperations";

export function openLiveStack(stack: string, projectDir: string): Promise<StackOperations> {
    const { openAutomationStack } = require("../delivery/automationStackOperations") as typeof AutomationModule;
    return openAutomationStack(stack, projectDir);
}
