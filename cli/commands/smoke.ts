import { runSmokeChecks, type SmokeCheck } from "../../delivery/smokeChecks";
import { joinUrl } from "../../delivery/promote";
import { releasesOf } from "../../delivery/serviceReleases";
import { smokeFormats, smokeReporters } from "../../delivery/smokeReport";
import { openLiveStack } from "../liveStack";
import { InputError } from "../../project/inputError";
import { redactUrl } from "../../project/redactUrls";
import { readProject, readStackFile } from "../../project/pulumiProject";
import { ExitCode, oneOf, parseCommandArgs, type Command } from "../command";
import { writeOutput } from "../output";
import { checkTemplate, probeFor, sleep, smokeOptionSpecs, smokeOptionsHelp, type CheckTemplate } from "../smokeOptions";
import { recordDelivery, smokeOfResults } from "../deliveryRecords";
import { recordsOptionSpecs, recordsOptionsHelp } from "../releaseRecordsOptions";
import type { PulumiProject } from "../../project/pulumiProject";

export const smokeCommand: Command = {
    name: "smoke",
    usage: `Usage: lockstep smoke (--stack NAME | --url URL [--url URL ...]) [options]

Checks each URL (status, body pattern, latency budget) with retries and a timeout. With --stack, the URLs
are the stack outputs services.<name>.url plus each service's health path from the catalog (this reads
the outputs through the Pulumi CLI); with --url, no Pulumi CLI is needed. Reports never print a URL's
user name, password, query values or fragment: they show as ***.

  --stack NAME           smoke-test every service of this stack
  --url URL              a URL to check (repeatable)
${smokeOptionsHelp}
${recordsOptionsHelp}
                         With --stack, each service's result is recorded there (release records)
  --format FORMAT        text, json or junit (default: text)
  --out FILE             write the report to FILE instead of stdout
  --dir DIR              the Pulumi project directory (default: the current directory)

Exit codes: 0 every check passed; 1 a check failed (a refused connection too); 2 bad input.
Example: lockstep smoke --url http://127.0.0.1:8080/healthz --body ok --latency-ms 500
`,
    async run(argv) {
        const args = parseCommandArgs(this, argv, {
            stack: { type: "string" },
            url: { type: "string", multiple: true },
            format: { type: "string" },
            out: { type: "string" },
            dir: { type: "string" },
            ...smokeOptionSpecs,
            ...recordsOptionSpecs,
        });
        if (!args) return ExitCode.Ok;
        const format = oneOf("format", args.format, smokeFormats, "text");
        const template = checkTemplate(args);
        const probe = probeFor(args);
        const urls = args.url ?? [];
        if (args.stack !== undefined && urls.length > 0) throw new InputError("--stack and --url: give one or the other");
        if (args.stack === undefined && urls.length === 0) throw new InputError("--stack or --url is required, e.g. lockstep smoke --stack dev");
        const project = args.stack !== undefined ? readProject(args.dir ?? ".") : undefined;
        const checks = args.stack !== undefined ? await stackChecks(args.stack, project!, template) : urls.map((url) => urlCheck(url, template));
        const startedAt = new Date().toISOString();
        const results = await runSmokeChecks(checks, probe, sleep);
        writeOutput(smokeReporters[format](results), args.out);
        if (args.stack !== undefined) {
            // A smoke test of a stack is evidence for promotion: one record per service tested.
            const events = results.map((r) => ({ event: "smoke" as const, service: r.name, result: r.passed ? ("succeeded" as const) : ("failed" as const), smoke: smokeOfResults([r]), summary: `smoke test of ${r.name} in ${args.stack} ${r.passed ? "passed" : "failed"}` }));
            await recordDelivery(project!, args.stack, args, events, startedAt);
        }
        return results.every((r) => r.passed) ? ExitCode.Ok : ExitCode.GateFailed;
    },
};

function urlCheck(url: string, template: CheckTemplate): SmokeCheck {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        throw new InputError(`--url ${redactUrl(url)}: not a URL: expected e.g. https://api.example.com/healthz`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new InputError(`--url ${redactUrl(url)}: expected an http or https URL`);
    // The name is what reports print first: the URL without its credentials, query values or fragment.
    return { ...template, name: redactUrl(url), url };
}

async function stackChecks(stack: string, project: PulumiProject, template: CheckTemplate): Promise<SmokeCheck[]> {
    const releases = releasesOf(project, readStackFile(project, stack));
    const ops = await openLiveStack(stack, project.dir);
    const services = ((await ops.outputs()).services ?? {}) as Record<string, { url?: unknown }>;
    const checks = releases
        .filter((r) => typeof services[r.name]?.url === "string")
        .map((r) => ({ ...template, name: r.name, url: joinUrl(services[r.name].url as string, r.healthPath) }));
    if (checks.length === 0) throw new InputError(`--stack ${stack}: no stack output services.<name>.url: deploy the stack first, or pass --url`);
    return checks;
}
