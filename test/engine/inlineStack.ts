// A project directory's index.ts as an Automation API inline program (the Node.js language host is not served,
// see README), on the CLI in .engine/bin: the stack, created or selected, of the project's own name.
import * as path from "path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";

export async function inlineStack(projectDir: string, stack: string): Promise<Stack> {
    const pulumiCommand = await PulumiCommand.get({ root: path.resolve(__dirname, "..", "..", ".engine") });
    const program = async () => require(path.join(projectDir, "index.ts"));
    const workspace = await LocalWorkspace.create({ workDir: projectDir, program, pulumiCommand });
    const project = await workspace.projectSettings();
    return LocalWorkspace.createOrSelectStack({ stackName: stack, projectName: project.name, program }, { workDir: projectDir, pulumiCommand });
}
