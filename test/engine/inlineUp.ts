// `pulumi up` of a project directory's index.ts through the Automation API with the program inline (the
// language host is not served), then `pulumi stack export`. For programs of AWS resources only: the AWS
// simulator creates them; no cluster is reachable. Usage: inlineUp <project dir> <stack>. Prints the export.
import { inlineStack } from "./inlineStack";

async function main([projectDir, stack]: string[]) {
    const selected = await inlineStack(projectDir, stack);
    await selected.up({ onOutput: () => undefined });
    process.stdout.write(JSON.stringify(await selected.exportStack()) + "\n");
}

main(process.argv.slice(2)).catch((err) => {
    console.error(String(err).slice(0, 4000));
    process.exit(2);
});
