// Parity, the application's operation: reads the sources (rendering the stacks unless given them), runs
// parity's pure core and formats the report. It writes nothing: the caller writes the report and appends
// the history entry it returns, after every input was read and checked.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { dayOf } from "../project/calendarDate";
import { InputError } from "../project/inputError";
import { listStacks, readProject, type PulumiProject } from "../project/pulumiProject";
import type { RenderedStack } from "../project/renderedStack";
import { historyEntry, readHistory, sinceLastRun, type HistoryEntry } from "../parity/history";
import type { EnvironmentSnapshot, SourceName } from "../parity/model";
import { parityOf } from "../parity/parityOf";
import type { ParityReport } from "../parity/report";
import { ruleWarnings } from "../parity/ruleAudit";
import { reporters, type ReportFormat } from "../parity/reports";
import { readParitySettings, defaultParitySettings, type ParitySettings } from "../parity/rulesFile";
import { configScopes, configSnapshot } from "../parity/sources/configSource";
import { pulumiCliInstalled, readLiveState } from "../parity/sources/liveState";
import { resourceScopes } from "../parity/sources/resourceSettings";
import { readStateExport, stateExportFiles } from "../parity/sources/stateExport";
import { assertRenderable, renderProgram } from "./renderProgram";

export interface ParityOptions {
    /** Project directory (default: the current one). */
    dir?: string;
    /** Default: config and rendered (and state when stateDir or live is given). */
    sources?: SourceName[];
    stacks?: string[];
    baseline?: string;
    threshold?: number;
    maxUnexplained?: number;
    format?: ReportFormat;
    /** A history file (JSON lines) of earlier runs: the report's trend and what changed since the last. */
    history?: string;
    /** Stacks already rendered (`lockstep check` renders once); the rest are rendered here. */
    rendered?: readonly RenderedStack[];
    /** A directory of `pulumi stack export` files named `<stack>.json`. */
    stateDir?: string;
    /** Deployed state through the Pulumi CLI. */
    live?: boolean;
    /** A parity.yaml other than `<stackConfigDir>/parity.yaml`. */
    rulesFile?: string;
    /** The time of the run (the report's date, the history entry). Default: the system clock. */
    now?: Date;
    /** The day, `YYYY-MM-DD`, against which rules' `expires` is judged. Default: the day of `now`. */
    asOf?: string;
}

export interface ParityRun {
    /** 0 passed, 1 the gate failed. Bad input is thrown as InputError (exit 2). */
    exitCode: 0 | 1;
    /** The report in the requested format. */
    text: string;
    report: ParityReport;
    /** This run's line for the history file (the caller appends it). */
    historyEntry: HistoryEntry;
}

export async function runParity(options: ParityOptions = {}): Promise<ParityRun> {
    const dir = path.resolve(options.dir ?? ".");
    const now = options.now ?? new Date();
    const deployed = options.stateDir !== undefined || options.live === true;
    const sources: SourceName[] = options.sources?.length ? [...new Set(options.sources)] : deployed ? ["config", "rendered", "state"] : ["config", "rendered"];
    // Before any work: --live cannot work at all without the CLI.
    if (options.live && !pulumiCliInstalled()) readLiveState(dir, "");
    if (sources.includes("state") && !deployed) throw new InputError("--source state needs --state DIR (pulumi stack export files named <stack>.json) or --live");
    const needsProject = sources.includes("config") || sources.includes("rendered") || options.live === true;
    const project = needsProject || fs.existsSync(path.join(dir, "Pulumi.yaml")) ? readProject(dir) : undefined;
    const settings = readSettings(project, options.rulesFile);
    const stateFiles = options.stateDir !== undefined ? stateExportFiles(options.stateDir) : undefined;

    const baseline = options.baseline ?? settings.baseline;
    const listed = options.stacks?.length ? options.stacks : project && needsProject ? listStacks(project) : [...(stateFiles?.keys() ?? [])];
    // `--stacks dev,staging` compares those two against the baseline, which is always compared with them.
    const stacks = options.stacks?.length && !listed.includes(baseline) ? [...listed, baseline] : listed;
    if (stacks.length === 0) throw new InputError(`${project ? project.stackConfigDir : options.stateDir}: no stacks found (Pulumi.<stack>.yaml files or <stack>.json exports)`);
    const history = options.history !== undefined ? readHistory(options.history) : [];
    const keyedLists = new Set(settings.keyedLists);

    const warnings: string[] = [...(settings.warnings ?? [])];
    const environments: EnvironmentSnapshot[] = [];
    for (const stack of stacks) {
        const env: EnvironmentSnapshot = { stack, sources: {} };
        if (sources.includes("config") && project) {
            const snapshot = configSnapshot(project, stack, keyedLists);
            warnings.push(...snapshot.warnings);
            env.sources.config = configScopes(snapshot);
        }
        if (sources.includes("rendered") && project) {
            const rendered = options.rendered?.find((r) => r.stack === stack) ?? (await renderForParity(dir, stack));
            env.sources.rendered = resourceScopes(rendered.resources, stack, keyedLists);
        }
        if (sources.includes("state")) {
            const exported = stateFiles !== undefined ? readStateFor(stateFiles, options.stateDir ?? "", stack) : readLiveState(dir, stack);
            env.sources.state = resourceScopes(exported.resources, stack, keyedLists);
        }
        environments.push(env);
    }

    const result = parityOf({
        environments,
        baseline,
        sources,
        rules: settings.rules,
        today: options.asOf ?? dayOf(now),
        threshold: options.threshold ?? settings.threshold,
        maxUnexplained: options.maxUnexplained ?? settings.maxUnexplained,
    });
    warnings.push(...ruleWarnings(settings.rules, result.differences, sources, settings.file));
    const commit = gitCommit(dir);
    const entry = historyEntry(result, now, commit);
    const report: ParityReport = {
        ...result,
        generatedAt: now.toISOString(),
        project: project?.name ?? path.basename(dir),
        stacks,
        ...(commit ? { commit } : {}),
        ...(settings.file ? { rulesFile: settings.file } : {}),
        warnings,
        sinceLastRun: sinceLastRun(history.at(-1), entry),
        trend: [...history.slice(-29), entry],
    };
    const text = reporters[options.format ?? "text"](report);
    return { exitCode: result.passed ? 0 : 1, text, report, historyEntry: entry };
}

function renderForParity(dir: string, stack: string): Promise<RenderedStack> {
    assertRenderable(dir);
    return renderProgram({ dir, stack });
}

function readSettings(project: PulumiProject | undefined, rulesFile: string | undefined): ParitySettings {
    if (rulesFile !== undefined) {
        if (!fs.existsSync(rulesFile)) throw new InputError(`--rules ${rulesFile}: no such file`);
        return readParitySettings(rulesFile);
    }
    if (project === undefined) return { ...defaultParitySettings };
    const file = path.join(project.stackConfigDir, "parity.yaml");
    return readParitySettings(file, path.relative(process.cwd(), file) || file);
}

function readStateFor(files: Map<string, string>, dir: string, stack: string) {
    const file = files.get(stack);
    if (file === undefined) throw new InputError(`--state ${dir}: no export for stack "${stack}" (expected ${path.join(dir, `${stack}.json`)}; found ${[...files.keys()].join(", ") || "none"})`);
    return readStateExport(file);
}

/** The commit the report describes, when the project is in a git checkout (CI sets GITHUB_SHA). */
function gitCommit(dir: string): string | undefined {
    if (process.env.GITHUB_SHA) return process.env.GITHUB_SHA;
    try {
        return execFileSync("git", ["rev-parse", "HEAD"], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || undefined;
    } catch {
        return undefined;
    }
}
