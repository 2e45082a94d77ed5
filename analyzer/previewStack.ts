// `lockstep preview` as a function: render a stack, run every policy pack over it through the analyzer
// host, and say whether the gate passed. `check` and CI call this; the command only prints.
import * as fs from "fs";
import * as path from "path";
import { closestName } from "../project/closestName";
import { InputError } from "../project/inputError";
import { readProject, readStackFile } from "../project/pulumiProject";
import { effectiveConfig } from "../project/stackConfig";
import type { RenderedStack } from "../project/renderedStack";
import type { Diagnostic } from "./analyzerClient";
import { PackSession, packWorkersFor, remediatedStack, type RemediationEvent } from "./packSession";
import { analyzerResources } from "./analyzerResources";
import { effectiveLevel, gateFailed } from "./enforcement";
import { parsePolicyConfig, PolicyConfigError, type PolicyConfigMap } from "./policyConfig";
import { typeAndNameOfUrn, type PackSummary, type PreviewReport, type Violation } from "./previewReport";
import { secretValues } from "./propertyEncoding";
import { scrubSecrets } from "./secretScrubbing";
import { violationsOf } from "./violations";

export interface PreviewOptions {
    /** The Pulumi project directory (default: the current directory). */
    projectDir?: string;
    stack: string;
    /** Pack directories; default `<projectDir>/policies`. */
    policyPacks?: string[];
    /**
     * `--policy-pack-config` JSON files, one per pack in the packs' order, as the Pulumi CLI requires (one
     * file with the default pack).
     */
    policyPackConfig?: string | string[];
    /** Policy config given directly, for every pack; overrides `policyPackConfig`. */
    policyConfig?: PolicyConfigMap;
    /**
     * The stack to judge. A promise lets the packs start while the program still renders, as the engine
     * starts them with the update.
     */
    rendered: RenderedStack | Promise<RenderedStack>;
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
    /** Config that has no effect (a policy name no pack has): the engine ignores it too, so it is only said. */
    warnings: string[];
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

/** The stack as a pack is told about it (environment and ConfigureStack). */
interface PackTarget {
    project: string;
    stack: string;
    stackConfig: Record<string, string>;
    secretKeys: string[];
}

/** Read from the project and stack files, so packs can start while the stack renders; undefined if they cannot be read. */
function targetFromFiles(projectDir: string, stack: string): PackTarget | undefined {
    try {
        const project = readProject(projectDir);
        const config = effectiveConfig(project, readStackFile(project, stack));
        return { project: project.name, stack, stackConfig: config.values, secretKeys: config.secretKeys };
    } catch {
        return undefined; // the render reports what is wrong, as it would without packs
    }
}

/** Closes every session that opened; those that failed to open left no process. */
async function closeAll(opening: Array<Promise<PackSession>>): Promise<void> {
    const opened = await Promise.allSettled(opening);
    await Promise.all(opened.map((o) => (o.status === "fulfilled" ? o.value.close() : undefined)));
}

export async function previewStack(options: PreviewOptions): Promise<PreviewResult> {
    const projectDir = path.resolve(options.projectDir ?? ".");
    const packs = (options.policyPacks?.length ? options.policyPacks : [path.join(projectDir, "policies")]).map((p) => path.resolve(p));
    const userConfigs = configsPerPack(packs.length, options);

    // The pack's log is held until the render tells which values are secret, then scrubbed of them.
    let secrets: Set<string> | undefined;
    const heldLog: Array<[string, string]> = [];
    const onLog = (directory: string) =>
        options.onLog && ((line: string) => (secrets ? options.onLog!(directory, scrubSecrets(line, secrets)) : heldLog.push([directory, line])));
    const open = (target: PackTarget, workers: number) =>
        packs.map((directory) => {
            const session = PackSession.open({
                directory,
                ...target,
                startTimeoutMs: options.startTimeoutMs,
                rpcTimeoutMs: options.rpcTimeoutMs,
                workers,
                onLog: onLog(directory),
            });
            session.catch(() => undefined); // awaited in turn below; until then a failure must not count as unhandled
            return session;
        });

    // As the engine does, packs start with the update, while the program (here the render) runs. How
    // many processes a pack needs is known after the render; the rest start then.
    const early = options.rendered instanceof Promise ? targetFromFiles(projectDir, options.stack) : undefined;
    let opening = early && open(early, options.packWorkers ?? 1);
    let rendered: RenderedStack;
    try {
        rendered = await options.rendered;
    } catch (err) {
        if (opening) await closeAll(opening);
        throw err;
    }
    secrets = secretValues(rendered.resources.flatMap((r) => [r.inputs, r.outputs]));
    for (const value of secretValues(rendered.outputs)) secrets.add(value);
    for (const [directory, line] of heldLog.splice(0)) options.onLog?.(directory, scrubSecrets(line, secrets));
    const resources = analyzerResources(rendered.resources, "inputs");
    const stackResources = analyzerResources(rendered.resources, "outputs");
    const root = rendered.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? `urn:pulumi:${rendered.stack}::${rendered.project}::pulumi:pulumi:Stack::${rendered.project}-${rendered.stack}`;
    const workers = options.packWorkers ?? packWorkersFor(resources.length);
    opening ??= open(
        { project: rendered.project, stack: rendered.stack, stackConfig: targetFromFiles(projectDir, rendered.stack)?.stackConfig ?? {}, secretKeys: rendered.secretKeys },
        workers,
    );

    const violations: Violation[] = [];
    const summaries: PackSummary[] = [];
    const timings: PreviewResult["timings"] = [];
    const warnings: string[] = [];
    const remediations: RemediationEvent[] = [];
    try {
        const sessions: PackSession[] = [];
        const configs: PolicyConfigMap[] = [];
        for (const [index, session] of (await Promise.all(opening)).entries()) {
            session.addWorkers(workers);
            configs.push(await session.configure(userConfigs[index].config));
            sessions.push(session);
        }
        warnings.push(...ineffectiveConfig(userConfigs, sessions));
        // The engine's first pass: each pack's remediations in the packs' order, each seeing the last one's
        // result; then every pack analyzes what they left, and the stack policies see it too.
        let current = resources;
        const remediationDiagnostics: Diagnostic[][] = [];
        for (const session of sessions) {
            const result = await session.remediate(current);
            current = result.resources;
            remediations.push(...result.events);
            remediationDiagnostics.push(result.diagnostics);
        }
        const stackView = remediatedStack(stackResources, resources, current);
        for (const [index, session] of sessions.entries()) {
            const started = Date.now();
            const diagnostics = [...remediationDiagnostics[index], ...(await session.analyze(current, stackView))];
            timings.push({ pack: packs[index], startMs: session.startMs, analyzeMs: Date.now() - started });
            summaries.push({
                name: session.info.name,
                version: session.info.version,
                directory: options.policyPacks?.[index] ?? (path.relative(projectDir, packs[index]) || "."),
                policies: session.info.policies.map((p) => ({ name: p.name, enforcementLevel: effectiveLevel(configs[index][p.name]?.enforcementLevel, p.enforcementLevel, undefined) })),
            });
            violations.push(...violationsOf(diagnostics, session.info, root, secrets));
        }
    } finally {
        await closeAll(opening);
    }
    const passed = !gateFailed(violations);
    const report: PreviewReport = {
        schemaVersion: 1,
        project: rendered.project,
        stack: rendered.stack,
        resourceCount: rendered.resources.length,
        values: rendered.values ?? "known",
        packs: summaries,
        violations,
        remediations: remediations.map((r) => {
            const { type, name } = typeAndNameOfUrn(r.urn);
            return { ...r, resourceType: type, resourceName: name };
        }),
        passed,
    };
    return { exitCode: passed ? 0 : 1, report, timings, warnings };
}

interface PackConfig {
    config: PolicyConfigMap;
    /** Where it came from, for messages; "" for config given directly to every pack. */
    source: string;
}

/** The config each pack gets: the nth file to the nth pack (the CLI refuses any other count), or one map for all. */
function configsPerPack(packCount: number, options: PreviewOptions): PackConfig[] {
    if (options.policyConfig) return Array.from({ length: packCount }, () => ({ config: options.policyConfig!, source: "" }));
    const files = options.policyPackConfig === undefined ? [] : ([] as string[]).concat(options.policyPackConfig);
    if (files.length === 0) return Array.from({ length: packCount }, () => ({ config: {}, source: "" }));
    if (files.length !== packCount) {
        throw new InputError(
            `${files.length} --policy-pack-config file(s) for ${packCount} --policy-pack(s): give one per pack, in the same order (the nth config is the nth pack's), as pulumi preview requires`,
        );
    }
    return files.map((file) => ({ config: readPolicyPackConfig(file), source: `--policy-pack-config ${file}` }));
}

/** Policy names in the config that the pack it goes to (or, for config given to all, every pack) does not have. */
function ineffectiveConfig(configs: PackConfig[], sessions: PackSession[]): string[] {
    const namesOf = (s: PackSession) => s.info.policies.map((p) => p.name);
    const warn = (source: string, name: string, packs: PackSession[]) => {
        const near = closestName(name, packs.flatMap(namesOf));
        const where = packs.map((s) => `${s.info.name} ${s.info.version}`).join(", ");
        return `${source || "policy config"}: "${name}" names no policy of ${where}${near ? ` (did you mean "${near}"?)` : ""}: it has no effect, in pulumi preview either`;
    };
    if (configs.every((c) => c.source === "")) {
        const known = new Set(["all", ...sessions.flatMap(namesOf)]);
        return Object.keys(configs[0]?.config ?? {}).filter((name) => !known.has(name)).map((name) => warn("", name, sessions));
    }
    return configs.flatMap((c, i) => {
        const known = new Set(["all", ...namesOf(sessions[i])]);
        return Object.keys(c.config).filter((name) => !known.has(name)).map((name) => warn(c.source, name, [sessions[i]]));
    });
}
