// A running policy pack, from start to kill, in the order the Pulumi CLI talks to it: Handshake,
// ConfigureStack, GetPluginInfo, GetAnalyzerInfo, then Configure, Remediate + Analyze per resource,
// AnalyzeStack, and finally Cancel. Configure may be sent again to evaluate with other config.
// Deviations, with identical results for packs whose policies keep no state between calls (as
// CrossGuard policies are written): Remediate is skipped while no policy is at level remediate, and a
// big stack is spread over more than one process of the pack, AnalyzeStack on one of them while the
// others analyze (workers, below).
import * as os from "os";
import * as path from "path";
import { InputError } from "../project/inputError";
import { AnalyzerClient, type AnalyzerInfo, type PolicyInfo, type AnalyzerResource, type Diagnostic } from "./analyzerClient";
import { reconcilePolicyConfig, validatePolicyConfig, type PolicyConfigMap } from "./policyConfig";
import { checkPackDirectory, startPack, type PackProcess } from "./packProcess";
import { policyPackVersion } from "./policyPackProject";

export interface PackSessionOptions {
    directory: string;
    project: string;
    stack: string;
    organization?: string;
    stackConfig?: Record<string, string>;
    secretKeys?: string[];
    startTimeoutMs?: number;
    rpcTimeoutMs?: number;
    /** Requests in flight at once over all workers; each resource's Remediate still precedes its Analyze. */
    concurrency?: number;
    /** Processes of the pack to spread Analyze calls over (default 1); see packWorkersFor. */
    workers?: number;
    onLog?: (line: string) => void;
}

/**
 * How many processes of a pack to run for a stack of `resourceCount` resources. A pack is one
 * single-threaded process that decodes each request again for every policy, so on a big stack it is
 * the bottleneck while the host waits; a second process uses a second core. Below 1,000 resources the
 * second start-up (about a second of CPU) costs more than it saves. Two is what was measured (on 2
 * cores); a bigger machine may gain from more, which `--pack-workers` allows.
 */
export function packWorkersFor(resourceCount: number, cores = os.availableParallelism()): number {
    return resourceCount >= 1_000 ? Math.max(1, Math.min(2, cores)) : 1;
}

/** A remediation that changed a resource, as the CLI lists it (`[remediate]  policy  (N resources)`). */
export interface RemediationEvent {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    urn: string;
}

export interface RemediationResult {
    /** The resources as the remediations left them, in the order given. */
    resources: AnalyzerResource[];
    events: RemediationEvent[];
    /** Remediations that answered with a diagnostic: advisory violations. */
    diagnostics: Diagnostic[];
}

/**
 * The stack as AnalyzeStack sees it after remediation: each resource a remediation changed (`remediated` differs
 * from `original` at its position) carries the remediated properties.
 */
export function remediatedStack(stackResources: AnalyzerResource[], original: AnalyzerResource[], remediated: AnalyzerResource[]): AnalyzerResource[] {
    const changed = new Map(remediated.filter((r, i) => r !== original[i]).map((r) => [r.urn, r.properties]));
    return stackResources.map((r) => (changed.has(r.urn) ? { ...r, properties: changed.get(r.urn)! } : r));
}

/** One process of the pack and its client. */
interface Worker {
    pack: PackProcess;
    client: AnalyzerClient;
    /** Requests sent and not yet answered (AnalyzeStack counts as many). */
    load: number;
}

export class PackSession {
    /**
     * Whether any resource policy runs at level remediate. A pack remediates only for those, so when
     * there are none its Remediate answers are empty and the call is skipped: the results are the
     * CLI's, with half the round trips.
     */
    private remediates = true;

    /** The config last sent with Configure, for workers added later. */
    private configured: PolicyConfigMap | undefined;

    /** Workers added by addWorkers that are still starting. */
    private readonly joining = new Set<Promise<Worker>>();

    /** Set by close() or a failure: a worker that finishes starting after it is stopped at once. */
    private stopped = false;

    private constructor(
        readonly directory: string,
        readonly info: AnalyzerInfo,
        /** The version PulumiPolicy.yaml sets, reported over the pack's own (info.version is already it). */
        private readonly projectVersion: string | undefined,
        /** Process start to GetAnalyzerInfo answered, for the slowest worker. */
        readonly startMs: number,
        private readonly workers: Worker[],
        private readonly options: PackSessionOptions,
    ) {}

    get pids(): number[] {
        return this.workers.map((w) => w.pack.pid);
    }

    private get concurrency(): number {
        return this.options.concurrency ?? 64;
    }

    static async open(options: PackSessionOptions): Promise<PackSession> {
        const directory = path.resolve(options.directory);
        const started = Date.now();
        checkPackDirectory(directory);
        const version = policyPackVersion(directory);
        const opened = await openWorkers(directory, options, Math.max(1, options.workers ?? 1));
        const info = version === undefined ? opened[0].info : { ...opened[0].info, version };
        return new PackSession(directory, info, version, Date.now() - started, opened.map((o) => o.worker), { ...options, directory });
    }

    /**
     * Starts more processes of the pack until there are `total`, without waiting for them: each joins
     * the session when it is ready (configured as the others are), so evaluation need not wait for
     * their start-up. analyze() waits for them to join, and fails if one cannot start.
     */
    addWorkers(total: number): void {
        for (let more = total - this.workers.length - this.joining.size; more > 0; more--) {
            const joining = this.join();
            this.joining.add(joining);
            joining.then(
                () => this.joining.delete(joining),
                () => this.joining.delete(joining),
            );
        }
    }

    private async join(): Promise<Worker> {
        const [{ worker }] = await openWorkers(this.directory, this.options, 1);
        try {
            // Whatever config the others have by now, even if it changes while this one is sent.
            for (let sent: PolicyConfigMap | undefined; this.info.supportsConfig && this.configured !== sent; ) {
                sent = this.configured;
                await worker.client.configure(sent!);
            }
        } catch (err) {
            const failure = await packFailure(this.directory, [worker.pack], err, this.options.onLog !== undefined);
            stop(worker);
            throw failure;
        }
        if (this.stopped) stop(worker);
        else this.workers.push(worker);
        return worker;
    }

    /** Reconciles the user's config with the pack's, validates it (InputError naming policy and field) and sends it. */
    async configure(userConfig: PolicyConfigMap): Promise<PolicyConfigMap> {
        const config = reconcilePolicyConfig(this.info.policies, this.info.initialConfig, userConfig);
        const errors = validatePolicyConfig(this.info.policies, config);
        if (errors.length > 0) throw new InputError(`validating policy config: ${this.info.name} ${this.info.version}  ${errors.join("; ")}`);
        // Recorded first, so a worker that joins meanwhile sends it too.
        this.configured = config;
        if (this.info.supportsConfig) await this.guard(() => Promise.all(this.workers.map((w) => w.client.configure(config))));
        const levelOf = (p: PolicyInfo) => (this.info.supportsConfig ? config[p.name]?.enforcementLevel : undefined) ?? p.enforcementLevel;
        this.remediates = this.info.policies.some((p) => p.policyType !== "stack" && levelOf(p) === "remediate");
        return config;
    }

    /**
     * The engine's first pass over each resource: Remediate, whose result the next pack and every Analyze
     * see. A remediation that changed the resource is an event the CLI lists; one that came back with a
     * diagnostic instead is an advisory violation, as the engine files it.
     */
    async remediate(resources: AnalyzerResource[]): Promise<RemediationResult> {
        if (!this.remediates) return { resources, events: [], diagnostics: [] };
        return this.guard(async () => {
            const results = await inParallel(resources, this.concurrency, async (resource) => {
                const worker = this.leastLoaded();
                worker.load++;
                try {
                    return { resource, remediations: await worker.client.remediate(worker.client.encode(resource)) };
                } finally {
                    worker.load--;
                }
            });
            const out: RemediationResult = { resources: [], events: [], diagnostics: [] };
            for (const { resource, remediations } of results) {
                let properties = resource.properties;
                for (const r of remediations) {
                    if (r.diagnostic) {
                        out.diagnostics.push({ policyName: r.policyName, policyPackName: this.info.name, policyPackVersion: this.info.version, description: "", message: r.diagnostic, enforcementLevel: "advisory", urn: resource.urn });
                    } else if (r.properties !== undefined) {
                        out.events.push({ policyName: r.policyName, policyPackName: this.info.name, policyPackVersion: this.info.version, urn: resource.urn });
                        properties = r.properties;
                    }
                }
                out.resources.push(properties === resource.properties ? resource : { ...resource, properties });
            }
            return out;
        });
    }

    /**
     * This pack alone, as the engine runs it when it is the only one: its remediations, then Analyze and
     * AnalyzeStack over what they left (stack resources take the remediated inputs). With several packs,
     * previewStack chains the remediations of all of them first.
     */
    async evaluate(resources: AnalyzerResource[], stackResources: AnalyzerResource[]): Promise<Diagnostic[]> {
        const remediated = await this.remediate(resources);
        return [...remediated.diagnostics, ...(await this.analyze(remediated.resources, remediatedStack(stackResources, resources, remediated.resources)))];
    }

    /**
     * Analyze for every resource, then AnalyzeStack once, over what the remediations left. Nothing
     * AnalyzeStack sees depends on Analyze, so with more than one worker it runs on one of them while the
     * others analyze.
     */
    async analyze(resources: AnalyzerResource[], stackResources: AnalyzerResource[]): Promise<Diagnostic[]> {
        return this.guard(async () => {
            // A worker still starting takes AnalyzeStack when it is ready; otherwise the last one does,
            // reserved before the first Analyze is sent so those go to the others.
            const joining = [...this.joining];
            let stackEarly: Promise<Diagnostic[]> | undefined;
            if (joining.length > 0) stackEarly = joining[0].then((worker) => this.analyzeStack(worker, stackResources));
            else if (this.workers.length > 1) stackEarly = this.analyzeStack(this.workers[this.workers.length - 1], stackResources);
            const analyzed = inParallel(resources, this.concurrency, async (resource) => {
                const worker = this.leastLoaded();
                worker.load++;
                try {
                    const diagnostics = await worker.client.analyze(worker.client.encode(resource));
                    // The engine files a resource policy's violation under the resource it analyzed.
                    return diagnostics.map((d) => ({ ...d, urn: d.urn || resource.urn }));
                } finally {
                    worker.load--;
                }
            });
            const stackAnalyzed = stackEarly ?? analyzed.then(() => this.analyzeStack(this.leastLoaded(), stackResources));
            // Whichever fails first fails the whole evaluation at once; a worker that cannot start too.
            const [perResource, stackDiagnostics] = await Promise.all([analyzed, stackAnalyzed, ...joining]);
            const diagnostics = [...perResource.flat(), ...stackDiagnostics];
            const version = this.projectVersion;
            return version === undefined ? diagnostics : diagnostics.map((d) => ({ ...d, policyPackVersion: version }));
        });
    }

    async close(): Promise<void> {
        this.stopped = true;
        await Promise.allSettled([...this.joining]);
        await Promise.all(this.workers.map((w) => w.client.cancel()));
        for (const worker of this.workers) stop(worker);
    }

    /** AnalyzeStack on `worker`, which takes no more Analyze calls while it is busy with it. */
    private async analyzeStack(worker: Worker, stackResources: AnalyzerResource[]): Promise<Diagnostic[]> {
        worker.load += this.concurrency;
        try {
            return await worker.client.analyzeStack(stackResources);
        } finally {
            worker.load -= this.concurrency;
        }
    }

    private leastLoaded(): Worker {
        return this.workers.reduce((best, w) => (w.load < best.load ? w : best));
    }

    private async guard<T>(work: () => Promise<T>): Promise<T> {
        try {
            return await work();
        } catch (err) {
            this.stopped = true;
            const failure = await packFailure(this.directory, this.workers.map((w) => w.pack), err, this.options.onLog !== undefined);
            for (const worker of this.workers) stop(worker);
            throw failure;
        }
    }
}

/** Starts `count` processes of the pack at once; if any fails, stops the others and throws its error. */
async function openWorkers(directory: string, options: PackSessionOptions, count: number): Promise<Array<{ worker: Worker; info: AnalyzerInfo }>> {
    const opened = await Promise.allSettled(Array.from({ length: count }, () => openWorker(directory, options)));
    const failure = opened.find((o): o is PromiseRejectedResult => o.status === "rejected");
    const workers = opened.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    if (failure) {
        for (const { worker } of workers) stop(worker);
        throw failure.reason;
    }
    return workers;
}

/** Starts one process of the pack and takes it through Handshake to GetAnalyzerInfo. */
async function openWorker(directory: string, options: PackSessionOptions): Promise<{ worker: Worker; info: AnalyzerInfo }> {
    // What a pack prints while it starts is held: if the start fails, the error carries the log (shown once,
    // not also line by line); once it answers, the held lines go out and the rest as they come.
    const held: string[] = [];
    let opened = false;
    const onLog = options.onLog && ((line: string) => (opened ? options.onLog!(line) : held.push(line)));
    const pack = await startPack({
        directory,
        project: options.project,
        stack: options.stack,
        organization: options.organization,
        config: options.stackConfig,
        startTimeoutMs: options.startTimeoutMs ?? 30_000,
        onLog,
    });
    const client = new AnalyzerClient(pack.port, options.rpcTimeoutMs ?? 30_000);
    const worker = { pack, client, load: 0 };
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
        opened = true;
        for (const line of held.splice(0)) options.onLog?.(line);
        return { worker, info };
    } catch (err) {
        const failure = await packFailure(directory, [pack], err, false);
        stop(worker);
        throw failure;
    }
}

function stop(worker: Worker): void {
    worker.client.close();
    worker.pack.kill();
}

/** The error to show for a pack that failed: what went wrong, whether the pack exited, and its log's tail. */
/** `logShown`: the pack's log already reached the caller line by line, so the error does not repeat it. */
async function packFailure(directory: string, packs: PackProcess[], err: unknown, logShown: boolean): Promise<Error> {
    if (err instanceof InputError) return err;
    // A policy's error comes as "Error validating ... from policy pack 'p@v1':" then its stack: keep
    // the headline and the error, not the stack frames.
    const reason = (err as Error).message.split("\n").filter((line) => line.trim() !== "" && !/^\s+at /.test(line)).slice(0, 2).join(" ");
    // A pack that died takes its connection with it, often a moment before its exit is seen.
    const exits = (await Promise.all(packs.map((p) => p.exitedWith(250)))).filter((how) => how !== undefined);
    const log = logShown ? "" : (packs.map((p) => p.log()).find((l) => l) ?? "");
    return new InputError(
        `policy pack ${path.basename(directory)} (${directory}) failed: ${reason}` +
            (exits.length > 0 ? `; the pack exited (${exits[0]})` : "") +
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
