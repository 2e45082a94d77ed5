// A running policy pack, from start to kill, in the order the Pulumi CLI talks to it: Handshake,
// ConfigureStack, GetPluginInfo, GetAnalyzerInfo, then Configure, Remediate + Analyze per resource,
// AnalyzeStack, and finally Cancel. Configure may be sent again to evaluate with other config.
// One deviation, with identical results: Remediate is skipped while no policy is at level remediate.
import * as path from "path";
import { InputError } from "../project/inputError";
import { AnalyzerClient, type AnalyzerInfo, type PolicyInfo, type AnalyzerResource, type Diagnostic } from "./analyzerClient";
import { reconcilePolicyConfig, validatePolicyConfig, type PolicyConfigMap } from "./policyConfig";
import { startPack, type PackProcess } from "./packProcess";

export interface PackSessionOptions {
    directory: string;
    project: string;
    stack: string;
    organization?: string;
    stackConfig?: Record<string, string>;
    secretKeys?: string[];
    startTimeoutMs?: number;
    rpcTimeoutMs?: number;
    /** Requests in flight at once; each resource's Remediate still precedes its Analyze. */
    concurrency?: number;
    onLog?: (line: string) => void;
}

export class PackSession {
    /**
     * Whether any resource policy runs at level remediate. A pack remediates only for those, so when
     * there are none its Remediate answers are empty and the call is skipped: the results are the
     * CLI's, with half the round trips.
     */
    private remediates = true;

    private constructor(
        readonly directory: string,
        readonly info: AnalyzerInfo,
        readonly pid: number,
        readonly startMs: number,
        private readonly pack: PackProcess,
        private readonly client: AnalyzerClient,
        private readonly concurrency: number,
    ) {}

    static async open(options: PackSessionOptions): Promise<PackSession> {
        const directory = path.resolve(options.directory);
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
        const startMs = Date.now() - started;
        const client = new AnalyzerClient(pack.port, options.rpcTimeoutMs ?? 30_000);
        try {
            await client.handshake(directory);
            await client.configureStack({
                stack: options.stack,
                project: options.project,
                organization: options.organization ?? "organization",
                config: options.stackConfig ?? {},
                secretKeys: options.secretKeys ?? [],
                tags: {},
            });
            await client.getPluginInfo();
            const info = await client.getAnalyzerInfo();
            return new PackSession(directory, info, pack.pid, startMs, pack, client, options.concurrency ?? 64);
        } catch (err) {
            client.close();
            pack.kill();
            throw packFailure(directory, pack, err);
        }
    }

    /** Reconciles the user's config with the pack's, validates it (InputError naming policy and field) and sends it. */
    async configure(userConfig: PolicyConfigMap): Promise<PolicyConfigMap> {
        const config = reconcilePolicyConfig(this.info.policies, this.info.initialConfig, userConfig);
        const errors = validatePolicyConfig(this.info.policies, config);
        if (errors.length > 0) throw new InputError(`validating policy config: ${this.info.name} ${this.info.version}  ${errors.join("; ")}`);
        if (this.info.supportsConfig) await this.guard(() => this.client.configure(config));
        const levelOf = (p: PolicyInfo) => (this.info.supportsConfig ? config[p.name]?.enforcementLevel : undefined) ?? p.enforcementLevel;
        this.remediates = this.info.policies.some((p) => p.policyType !== "stack" && levelOf(p) === "remediate");
        return config;
    }

    /** Remediate and Analyze for every resource, then AnalyzeStack once. */
    async analyze(resources: AnalyzerResource[], stackResources: AnalyzerResource[]): Promise<Diagnostic[]> {
        return this.guard(async () => {
            const remediated = new Map<string, Record<string, unknown>>();
            const perResource = await inParallel(resources, this.concurrency, async (resource) => {
                // A remediation changes what Analyze and the stack policies see, as in the engine.
                const encoded = this.client.encode(resource);
                const remediations = this.remediates ? await this.client.remediate(encoded) : [];
                const fixed = remediations.filter((r) => r.properties !== undefined).pop()?.properties;
                if (fixed) remediated.set(resource.urn, fixed);
                const diagnostics = await this.client.analyze(fixed ? this.client.encode({ ...resource, properties: fixed }) : encoded);
                // The engine files a resource policy's violation under the resource it analyzed.
                return diagnostics.map((d) => ({ ...d, urn: d.urn || resource.urn }));
            });
            const finalResources = stackResources.map((r) => (remediated.has(r.urn) ? { ...r, properties: remediated.get(r.urn)! } : r));
            const stackDiagnostics = await this.client.analyzeStack(finalResources);
            return [...perResource.flat(), ...stackDiagnostics];
        });
    }

    async close(): Promise<void> {
        await this.client.cancel();
        this.client.close();
        this.pack.kill();
    }

    private async guard<T>(work: () => Promise<T>): Promise<T> {
        try {
            return await work();
        } catch (err) {
            this.client.close();
            this.pack.kill();
            throw packFailure(this.directory, this.pack, err);
        }
    }
}

function packFailure(directory: string, pack: PackProcess, err: unknown): Error {
    if (err instanceof InputError) return err;
    const log = pack.log();
    return new InputError(
        `policy pack ${path.basename(directory)} (${directory}) failed: ${(err as Error).message.split("\n")[0]}` +
            (log ? `; its log: ${log.split("\n").slice(-5).join(" | ")}` : ""),
    );
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the items' order. */
async function inParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
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
