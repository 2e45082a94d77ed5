// `pulumi up` of a project directory's program against the local cluster, through the Automation API with
// the program inline (so the gates pack runs through its launcher, as in the engine tier; the delivery tests
// run the directory through the language host stand-in), in its own process so every update loads the
// program afresh. Usage: stackUp <json: {projectDir, stack, policyPacks?, policyPackConfigs?}>.
// Prints {outputs, summary} as JSON; exit 1 with the engine's message when the update fails.
import { inlineStack } from "../engine/inlineStack";

async function main(arg: string) {
    const { projectDir, stack, policyPacks, policyPackConfigs } = JSON.parse(arg);
    const selected = await inlineStack(projectDir, stack);
    let log = "";
    try {
        const result = await selected.up({ policyPacks, policyPackConfigs, onOutput: (text) => (log += text) });
        process.stdout.write(JSON.stringify({ outputs: result.outputs, summary: result.summary }) + "\n");
    } catch (err) {
        process.stderr.write(`${log.slice(-6000)}\n${String(err).slice(0, 2000)}\n`);
        process.exit(1);
    }
}

main(process.argv[2]).catch((err) => {
    console.error(String(err).slice(0, 4000));
    process.exit(2);
});
