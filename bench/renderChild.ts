// One measurement of bench/render.ts, in its own process. `render <dir>` times lockstep's offline
// render of the `bench` stack; `learn <dir> <file>` saves the rendered resources' types, names and
// inputs; `bare <file>` times Pulumi's plain mock runtime registering those same resources.
// Prints {resources, seconds, maxRssMb} as JSON.
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { renderStack } from "../render/renderStack";
import { rootStackType } from "../render/recordingMonitor";
import { isSecretValue } from "../render/exportDeployment";

async function main(): Promise<void> {
    const [mode, target, listFile] = process.argv.slice(2);
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
    if (mode === "render") {
        const rendered = await renderStack({ projectDir: target, stack: "bench" });
        report(rendered.resources.length, elapsed());
    } else if (mode === "learn") {
        fs.writeFileSync(listFile, JSON.stringify(await learnResources(target)));
    } else {
        const resources: BareResource[] = JSON.parse(fs.readFileSync(target, "utf8"));
        const loaded = process.hrtime.bigint();
        await bareRegistration(resources);
        report(resources.length + 1, Number(process.hrtime.bigint() - loaded) / 1e9);
    }
}

interface BareResource {
    type: string;
    name: string;
    custom: boolean;
    inputs: Record<string, unknown>;
}

async function learnResources(dir: string): Promise<BareResource[]> {
    const rendered = await renderStack({ projectDir: dir, stack: "bench" });
    const unwrap = (v: unknown): unknown =>
        isSecretValue(v) ? v.value : Array.isArray(v) ? v.map(unwrap) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrap(x)])) : v;
    const list = rendered.resources
        .filter((r) => r.type !== rootStackType)
        .map((r) => ({ type: r.type, name: r.name, custom: r.custom, inputs: unwrap(r.inputs) as Record<string, unknown> }));
    return list;
}

class BareCustom extends pulumi.CustomResource {}
class BareComponent extends pulumi.ComponentResource {}

async function bareRegistration(resources: BareResource[]): Promise<void> {
    await pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs }, "bench", "bench", false);
    const registered = resources.map((r) =>
        r.custom
            ? new BareCustom(r.type, r.name, r.inputs)
            : new BareComponent(r.type, r.name, r.inputs),
    );
    await Promise.all(registered.map((r) => new Promise((resolve) => r.urn.apply(resolve))));
}

function report(resources: number, seconds: number): void {
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(`${JSON.stringify({ resources, seconds, maxRssMb })}\n`);
}

main().catch((err) => {
    process.stderr.write(`${err?.stack ?? err}\n`);
    process.exit(1);
});
