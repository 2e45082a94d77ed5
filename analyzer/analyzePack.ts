// One policy pack over one stack, in the order the Pulumi CLI uses: start, Handshake, ConfigureStack,
// GetPluginInfo, GetAnalyzerInfo, Configure, Remediate + Analyze per resource, AnalyzeStack, Cancel.
import * as path from "path";
import { InputError } from "../project/inputError";
import { AnalyzerClient, type AnalyzerInfo, type AnalyzerResource, type Diagnostic } from "./analyzerClient";
import { reconcilePolicyConfig, validatePolicyConfig, type PolicyConfigMap } from "./policyConfig";
import { startPack } from "./packProcess";

export interface PackRunOptions {
    directory: string;
    project: string;
    stack: string;
    organization?: string;
    stackConfig: Record<string, string>;
    secretKeys: string[];
    /** The user's --policy-pack-config, parsed. */
    userConfig: PolicyConfigMap;
    /** Resources with their inputs (for Analyze) and outputs (for AnalyzeStack). */
    resources: AnalyzerResource[];
    stackResources: AnalyzerResource[];
    startTimeoutMs?: number;
    rpcTimeoutMs?: number;
    /** Requests in flight at once; each resource's Remediate still precedes its Analyze. */
    concurrency?: number;
    onLog?: (line: string) => void;
    /** Called once the pack printed its port (for tests and the benchmark). */
    onStarted?: (pid: number) => void;
}

export interface PackRun {
    info: AnalyzerInfo;
    /** The reconciled config sent with Configure. */
    config: PolicyConfigMap;
    diagnostics: Diagnostic[];
    timings: { startMs: number; analyzeMs: number };
}

export async function analyzePack(options: PackRunOptions): Promise<PackRun> {
    const directory = path.resolve(options.directory);
    const name = path.basename(directory);
    const started = Date.now();
    const pack = await startPack({
        directory,
        project: options.project,
        stack: options.stack,
        organization: options.organization,
        config: options.stackConfig,
        startTimeoutMs: options.startTimeoutMs ?? 30_000,
        onLog: options.onLog,
    });
    options.onStarted?.(pack.pid);
    const startMs = Date.now() - started;
    const client = new AnalyzerClient(pack.port, options.rpcTimeoutMs ?? 30_000);
    try {
        await client.handshake(directory);
        await client.configureStack({
            stack: options.stack,
            project: options.project,
            organization: options.organization ?? "organization",
            config: options.stackConfig,
            secretKeys: options.secretKeys,
            tags: {},
        });
        await client.getPluginInfo();
        const info = await client.getAnalyzerInfo();
        const config = reconcilePolicyConfig(info.policies, info.initialConfig, options.userConfig);
        const errors = validatePolicyConfig(info.policies, config);
        if (errors.length > 0) {
            throw new InputError(`validating policy config: ${info.name} ${info.version}  ${errors.join("; ")}`);
        }
        if (info.supportsConfig) await client.configure(config);

        const analyzeStarted = Date.now();
        const remediated = new Map<string, Record<string, unknown>>();
        const perResource = await inBatches(options.resources, options.concurrency ?? 64, async (resource) => {
            // A remediation changes what Analyze (and the stack policies) see, as in the engine.
            const remediations = await client.remediate(resource);
            const last = remediations.filter((r) => r.properties !== undefined).pop();
            const analyzed = last?.properties ? { ...resource, properties: last.properties } : resource;
            if (last?.properties) remediated.set(resource.urn, last.properties);
            return client.analyze(analyzed);
        });
        const stackResources = options.stackResources.map((r) => (remediated.has(r.urn) ? { ...r, properties: remediated.get(r.urn)! } : r));
        const stackDiagnostics = await client.analyzeStack(stackResources);
        const analyzeMs = Date.now() - analyzeStarted;
        await client.cancel();
        return { info, config, diagnostics: [...perResource.flat(), ...stackDiagnostics], timings: { startMs, analyzeMs } };
    } catch (err) {
        if (err instanceof InputError) throw err;
        const log = pack.log();
        throw new InputError(
            `policy pack ${name} (${directory}) failed: ${(err as Error).message.split("\n")[0]}` + (log ? `; its log: ${log.split("\n").slice(-5).join(" | ")}` : ""),
        );
    } finally {
        client.close();
        pack.kill();
    }
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the items' order. */
async function inBatches<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
    const results = new Array<R>(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
