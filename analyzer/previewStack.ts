// `lockstep preview` as a function: render a stack, run every policy pack over it through the analyzer
// host, and say whether the gate passed. `check` and CI call this; the command only prints.
import * as fs from "fs";
import * as path from "path";
import { InputError } from "../project/inputError";
import { readProject, readStackFile } from "../project/pulumiProject";
import { effectiveConfig } from "../project/stackConfig";
import { renderStack, type RenderedStack } from "../render/renderStack";
import { validateLockstepConfig } from "../render/validateLockstepConfig";
import { PackSession, packWorkersFor } from "./packSession";
import { analyzerResources } from "./analyzerResources";
import { effectiveLevel, gateFailed } from "./enforcement";
import { parsePolicyConfig, PolicyConfigError, type PolicyConfigMap } from "./policyConfig";
import type { PackSummary, PreviewReport, Violation } from "./previewReport";
import { secretValues } from "./propertyEncoding";
import { scrubSecrets } from "./secretScrubbing";
import { violationsOf } from "./violations";

export interface PreviewOptions {
    /** The Pulumi project directory (default: the current directory). */
    projectDir?: string;
    stack: string;
    /** Pack directories; default `<projectDir>/policies`. */
    policyPacks?: string[];
    /** A `--policy-pack-config` JSON file. */
    policyPackConfig?: string;
    /** Policy config given directly; overrides `policyPackConfig`. */
    policyConfig?: PolicyConfigMap;
    /** Skip the render (tests and the benchmark pass a stack they built). */
    rendered?: RenderedStack;
    startTimeoutMs?: number;
    rpcTimeoutMs?: number;
    /** Processes per pack (default: packWorkersFor the stack's size). */
    packWorkers?: number;
    onLog?: (pack: string, line: string) => void;
}

export interface PreviewResult {
    /** 0 passed, 1 a mandatory violation. Bad input and pack failures throw InputError (exit 2). */
    exitCode: 0 | 1;
    report: PreviewReport;
    timings: Array<{ pack: string; startMs: number; analyzeMs: number }>;
}

export function readPolicyPackConfig(file: string): PolicyConfigMap {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new InputError(`--policy-pack-config ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    // Like the engine, an empty file is no config.
    if (text.trim() === "") return {};
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (err) {
        throw new InputError(`--policy-pack-config ${file}: not valid JSON (${(err as Error).message})`);
    }
    try {
        return parsePolicyConfig(json, `--policy-pack-config ${file}`);
    } catch (err) {
        if (err instanceof PolicyConfigError) throw new InputError(err.message);
        throw err;
    }
}

function stackConfigOf(projectDir: string, stack: string): Record<string, string> {
    try {
        const project = readProject(projectDir);
        return effectiveConfig(project, readStackFile(project, stack)).values;
    } catch {
        // A stack handed in pre-rendered may have no stack file; the pack then sees no config.
        return {};
    }
}

export async function previewStack(options: PreviewOptions): Promise<PreviewResult> {
    const projectDir = path.resolve(options.projectDir ?? ".");
    const userConfig = options.policyConfig ?? (options.policyPackConfig ? readPolicyPackConfig(options.policyPackConfig) : {});
    const packs = (options.policyPacks?.length ? options.policyPacks : [path.join(projectDir, "policies")]).map((p) => path.resolve(p));
    const rendered = options.rendered ?? (await renderStack({ projectDir, stack: options.stack, validate: validateLockstepConfig }));
    const secrets = secretValues(rendered.resources.flatMap((r) => [r.inputs, r.outputs]));
    for (const value of secretValues(rendered.outputs)) secrets.add(value);
    const resources = analyzerResources(rendered.resources, "inputs");
    const stackResources = analyzerResources(rendered.resources, "outputs");
    const root = rendered.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? `urn:pulumi:${rendered.stack}::${rendered.project}::pulumi:pulumi:Stack::${rendered.project}-${rendered.stack}`;

    const violations: Violation[] = [];
    const summaries: PackSummary[] = [];
    const timings: PreviewResult["timings"] = [];
    for (const directory of packs) {
        const session = await PackSession.open({
            directory,
            project: rendered.project,
            stack: rendered.stack,
            stackConfig: stackConfigOf(projectDir, rendered.stack),
            secretKeys: rendered.secretKeys,
            startTimeoutMs: options.startTimeoutMs,
            rpcTimeoutMs: options.rpcTimeoutMs,
            workers: options.packWorkers ?? packWorkersFor(resources.length),
            onLog: options.onLog && ((line) => options.onLog!(directory, scrubSecrets(line, secrets))),
        });
        try {
            const config = await session.configure(userConfig);
            const started = Date.now();
            const diagnostics = await session.analyze(resources, stackResources);
            timings.push({ pack: directory, startMs: session.startMs, analyzeMs: Date.now() - started });
            summaries.push({
                name: session.info.name,
                version: session.info.version,
                directory: path.relative(projectDir, directory) || ".",
                policies: session.info.policies.map((p) => ({ name: p.name, enforcementLevel: effectiveLevel(config[p.name]?.enforcementLevel, p.enforcementLevel, undefined) })),
            });
            violations.push(...violationsOf(diagnostics, session.info, root, secrets));
        } finally {
            await session.close();
        }
    }
    const passed = !gateFailed(violations);
    const report: PreviewReport = {
        schemaVersion: 1,
        project: rendered.project,
        stack: rendered.stack,
        resourceCount: rendered.resources.length,
        packs: summaries,
        violations,
        passed,
    };
    return { exitCode: passed ? 0 : 1, report, timings };
}
