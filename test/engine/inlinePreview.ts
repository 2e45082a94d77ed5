// Runs the lockstep program (a project directory's index.ts) under the real engine: `pulumi preview` through
// the Automation API with the program inline, as the Node.js language host is not served by the Go module
// proxy. The engine, the Kubernetes provider (no cluster reachable) and the AWS simulator are real
// processes; the program runs in this process, on the SDK runtime the language host would give it.
// Usage: inlinePreview <project dir> <stack> <policy config files, comma-separated, or -> <pack launcher>...
// (the CLI takes a config per pack, in order, or none)
// Prints one JSON object: {policyEvents, summary, resourceCount, resources (urn, type, op, inputs), stderr}.
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { inlineStack } from "./inlineStack";

async function main([projectDir, stack, policyConfig, ...launchers]: string[]) {
    const stackObject = await inlineStack(projectDir, stack);
    const events: EngineEvent[] = [];
    let stderr = "";
    try {
        await stackObject.preview({
            policyPacks: launchers,
            policyPackConfigs: policyConfig !== "-" ? policyConfig.split(",") : undefined,
            onEvent: (event) => events.push(event),
            onError: (text) => (stderr += text),
        });
    } catch (err) {
        stderr += String((err as Error).message ?? err);
    }
    const policyEvents = events.filter((e) => e.policyEvent).map((e) => e.policyEvent);
    const summary = events.find((e) => e.summaryEvent)?.summaryEvent;
    const steps = events.filter((e) => e.resourcePreEvent).map((e) => e.resourcePreEvent!.metadata);
    const resources = steps.map((m) => ({ urn: m.urn, type: m.type, op: m.op, inputs: m.new?.inputs }));
    process.stdout.write(JSON.stringify({ policyEvents, summary, resourceCount: steps.length, resources, stderr }) + "\n");
}

main(process.argv.slice(2)).catch((err) => {
    console.error(err);
    process.exit(2);
});
