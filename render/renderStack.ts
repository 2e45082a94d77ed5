// Runs a Pulumi program under Pulumi's mock runtime with one stack's config and records every
// resource it registers. Each render gets a fresh runtime store, and renders in one process run one
// at a time, so stacks rendered one after another share no state.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { InputError } from "../project/inputError";
import { defaultProviderDenied, deniedDefaultProviders } from "./deniedDefaultProviders";
import { readProject, readStackFile, type PulumiProject, type StackFile } from "../project/pulumiProject";
import { effectiveConfig, type EffectiveConfig } from "../project/stackConfig";
import { secretSignature, signatureKey } from "./exportDeployment";
import type { RecordedResource, RenderedStack } from "../project/renderedStack";
import { RecordingMonitor, rootStackType } from "./recordingMonitor";
import { captureRejections, markReported } from "./renderRejections";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeSettings = require("@pulumi/pulumi/runtime/settings");

export type { RenderedStack };

export interface RenderOptions {
    /** The Pulumi project directory. Defaults to the current directory. */
    projectDir?: string;
    stack: string;
    /** Checks the stack's config before the program runs, for errors with file and line. */
    validate?: (project: PulumiProject, stackFile: StackFile, config: EffectiveConfig) => void;
    /** Keep stack traces in the runtime's bookkeeping (slower; for debugging the program). */
    keepStackTraces?: boolean;
    /**
     * Render as the engine's first `pulumi preview` sees the program: what only a create returns (ids, ARNs)
     * and everything computed from it are unknown. Default: as `pulumi up` sees it, every value known.
     */
    firstPreview?: boolean;
}

export async function renderStack(options: RenderOptions): Promise<RenderedStack> {
    const projectDir = path.resolve(options.projectDir ?? ".");
    const project = readProject(projectDir);
    const stackFile = readStackFile(project, options.stack);
    const config = effectiveConfig(project, stackFile);
    options.validate?.(project, stackFile, config);
    registerTypeScript(projectDir);
    const programPath = require.resolve(projectDir);

    const run = queue.then(async () => {
        const restore = options.keepStackTraces ? () => undefined : skipStackTraces();
        const store = globalThis as { globalStore?: unknown };
        const previous = store.globalStore;
        // The runtime keeps all its state in this store and makes a new one when it is unset. A fresh
        // store per render isolates stacks as the Automation API's per-run AsyncLocalStorage does,
        // without the async hooks that cost every promise of the render (a tenth of its time).
        store.globalStore = undefined;
        try {
            return await runIsolated(project.name, options.stack, programPath, config, options.firstPreview ?? false);
        } finally {
            store.globalStore = previous;
            restore();
        }
    });
    queue = run.catch(() => undefined);
    return run;
}

/** Renders share the runtime's global store, so they take turns. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * The SDK captures a stack trace for every promise it tracks (leak diagnostics) and a full one, at
 * unlimited depth and through ts-node's source maps, for every resource (its source position for the
 * engine). Offline nobody reads either, and they are most of the mock runtime's cost: skip them for
 * the render's duration. Returns the function that restores both.
 */
function skipStackTraces(): () => void {
    const traceLimit = Error.stackTraceLimit;
    const resourceClass = pulumi.Resource as unknown as { callsites: () => unknown[] };
    const callsites = resourceClass.callsites;
    Error.stackTraceLimit = 0;
    resourceClass.callsites = () => [];
    return () => {
        Error.stackTraceLimit = traceLimit;
        resourceClass.callsites = callsites;
    };
}

/**
 * A TypeScript program is compiled as it loads, as the Node.js language host does: ts-node without type
 * checking, with the project's tsconfig.json when it has one. Registered before the program is resolved
 * (so a directory resolves to its index.ts); only once per process, and never when a loader is already
 * registered (the test runner's).
 */
function registerTypeScript(projectDir: string): void {
    if (require.extensions[".ts"] !== undefined) return;
    const tsconfig = path.join(projectDir, "tsconfig.json");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("ts-node").register({
        transpileOnly: true,
        // Without a tsconfig.json, the language host's defaults (@pulumi/pulumi cmd/run).
        ...(fs.existsSync(tsconfig)
            ? { project: tsconfig }
            : { skipProject: true, compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: true } }),
    });
}

async function runIsolated(
    projectName: string,
    stack: string,
    programPath: string,
    config: EffectiveConfig,
    firstPreview: boolean,
): Promise<RenderedStack> {
    const monitor = new RecordingMonitor(stack, projectName, firstPreview);
    await pulumi.runtime.setMocks({ newResource: () => ({ id: "", state: {} }), call: () => ({}) }, projectName, stack, firstPreview);
    runtimeSettings.setMockOptions(monitor, projectName, stack, firstPreview);
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);

    let failure: unknown;
    const stopCapture = captureRejections((reason) => (failure ??= reason));
    try {
        await pulumi.runtime.runInPulumiStack(async () => {
            delete require.cache[programPath];
            return require(programPath);
        });
        await runtimeSettings.waitForRPCs();
    } catch (err) {
        failure ??= err;
    } finally {
        stopCapture();
    }
    if (failure !== undefined) {
        markReported(failure);
        throw programError(stack, failure);
    }
    const [duplicate] = monitor.duplicateUrns;
    if (duplicate !== undefined) throw new InputError(`stack "${stack}": Duplicate resource URN '${duplicate}'; try giving it a unique name`);

    const resources = withDefaultProviders(orderForExport(monitor.recorded), stack, projectName, config);
    const root = resources.find((r) => r.type === rootStackType);
    return { project: projectName, stack, resources, outputs: root?.outputs ?? {}, secretKeys: config.secretKeys, values: firstPreview ? "first-preview" : "known" };
}

/** A config error from the program is the user's to fix; anything else is a bug in the program. */
function programError(stack: string, err: unknown): Error {
    const missing = missingConfig(err);
    if (missing !== undefined) {
        const set = `pulumi config set${missing.secret ? " --secret" : ""} ${missing.key} <value> --stack ${stack}`;
        return new InputError(`${missing.key}: missing ${missing.secret ? "secret " : ""}config value of stack "${stack}": set it with \`${set}\``);
    }
    const message = err instanceof Error ? err.message : String(err);
    if (/^stacks\/|: lockstep:/.test(message)) return new InputError(message.split("\n")[0]);
    if (/Duplicate resource URN/.test(message)) return new InputError(`stack "${stack}": ${/Duplicate resource URN[^\n]*/.exec(message)![0]}`);
    const wrapped = new Error(`rendering stack "${stack}" failed: ${message.split("\n")[0]}`);
    (wrapped as Error & { cause?: unknown }).cause = err;
    return wrapped;
}

/** The SDK's ConfigMissingError (`config.require*`), recognized by shape: a project may bring its own SDK copy. */
function missingConfig(err: unknown): { key: string; secret: boolean } | undefined {
    const e = err as { key?: unknown; secret?: unknown; message?: unknown } | null;
    if (e === null || typeof e !== "object" || typeof e.key !== "string") return undefined;
    if (typeof e.message !== "string" || !e.message.startsWith("Missing required configuration variable")) return undefined;
    return { key: e.key, secret: e.secret === true };
}

function orderForExport(recorded: RecordedResource[]): RecordedResource[] {
    const root = recorded.filter((r) => r.type === rootStackType);
    return [...root, ...recorded.filter((r) => r.type !== rootStackType)];
}

/**
 * The engine gives every custom resource without an explicit provider a default provider resource of its
 * package and version, `default_<version>` (`default_7_48_0`), whose inputs are the package's stack config
 * and the version; the mock runtime does not, so the render adds them as the engine would, and refuses a
 * resource whose package's default provider `pulumi:disable-default-providers` disables.
 */
function withDefaultProviders(resources: RecordedResource[], stack: string, project: string, config: EffectiveConfig): RecordedResource[] {
    const added = new Map<string, RecordedResource>();
    const out: RecordedResource[] = [];
    const denied = deniedDefaultProviders(config.values, `stack "${stack}"`);
    for (const resource of resources) {
        if (!resource.custom || resource.provider || resource.type.startsWith("pulumi:providers:")) {
            out.push(resource);
            continue;
        }
        const pkg = resource.type.split(":")[0];
        if (denied(pkg)) throw new InputError(`stack "${stack}": ${defaultProviderDenied(pkg, resource.urn)} (pulumi:disable-default-providers)`);
        const version = resource.packageVersion;
        const key = `${pkg}@${version ?? ""}`;
        let provider = added.get(key);
        if (provider === undefined) {
            const type = `pulumi:providers:${pkg}`;
            const name = version ? `default_${version.replace(/[^A-Za-z0-9]/g, "_")}` : "default";
            const packageConfig = Object.fromEntries(
                Object.entries(config.values)
                    .filter(([k]) => k.startsWith(`${pkg}:`))
                    .map(([k, v]) => [k.slice(pkg.length + 1), config.secretKeys.includes(k) ? { [signatureKey]: secretSignature, value: v } : v]),
            );
            const inputs = version ? { ...packageConfig, version } : packageConfig;
            provider = {
                urn: `urn:pulumi:${stack}::${project}::${type}::${name}`,
                type,
                name,
                custom: true,
                id: "default-provider-id",
                protect: false,
                dependencies: [],
                propertyDependencies: {},
                ignoreChanges: [],
                inputs,
                outputs: inputs,
            };
            added.set(key, provider);
            out.push(provider);
        }
        out.push({ ...resource, provider: `${provider.urn}::${provider.id}` });
    }
    return out;
}
