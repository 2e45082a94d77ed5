// A client for one pack's pulumirpc.Analyzer service. The calls made once per session use the stubs
// @pulumi/pulumi ships, with the grpc-js and google-protobuf it resolves (the stubs check instanceof
// against their own copies); Analyze, Remediate and AnalyzeStack send requests the host writes itself
// (analyzerRequests.ts) on a plain HTTP/2 channel (grpcUnaryChannel.ts), and decode the answers with
// the stubs.
import { createRequire } from "module";
import { setImmediate as nextTurn } from "timers/promises";
import { encodeAnalyzeRequest, encodeAnalyzeStackEntry } from "./analyzerRequests";
import { isEnforcementLevel, type EnforcementLevel } from "./enforcement";
import { deadlineExceeded, GrpcCallError, GrpcUnaryChannel } from "./grpcUnaryChannel";
import type { PolicyConfigMap, PolicySchemaInfo } from "./policyConfig";

const sdkRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
/* eslint-disable @typescript-eslint/no-explicit-any */
const grpc = sdkRequire("@grpc/grpc-js");
const analyzerGrpc = sdkRequire("./proto/analyzer_grpc_pb.js");
const analyzerPb = sdkRequire("./proto/analyzer_pb.js");
const structPb = sdkRequire("google-protobuf/google/protobuf/struct_pb.js");
const emptyPb = sdkRequire("google-protobuf/google/protobuf/empty_pb.js");

const levelNames: Record<number, EnforcementLevel> = { 0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate" };
const levelNumbers: Record<EnforcementLevel, number> = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 };

export interface PolicyInfo extends PolicySchemaInfo {
    description: string;
    policyType: "resource" | "stack" | "unknown";
}

export interface AnalyzerInfo {
    name: string;
    version: string;
    supportsConfig: boolean;
    policies: PolicyInfo[];
    initialConfig: PolicyConfigMap;
}

/** One resource as an analyzer sees it (properties already encoded). */
export interface AnalyzerResource {
    urn: string;
    type: string;
    name: string;
    properties: Record<string, unknown>;
    options: {
        protect: boolean;
        ignoreChanges: string[];
        parent?: string;
        aliases?: string[];
        additionalSecretOutputs?: string[];
        /** Present only when the program set it (the engine sends deleteBeforeReplaceDefined). */
        deleteBeforeReplace?: boolean;
        /** In seconds, as the engine sends them; 0 or absent where none is set. */
        customTimeouts?: { create?: number; update?: number; delete?: number };
    };
    provider?: { urn: string; type: string; name: string; properties: Record<string, unknown> };
    parent?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
}

export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    urn: string;
}

export interface Remediation {
    policyName: string;
    properties?: Record<string, unknown>;
    diagnostic: string;
}

/** An AnalyzeRequest built for one resource, in wire format. */
export interface EncodedResource {
    resource: AnalyzerResource;
    request: Uint8Array;
}

export class AnalyzerRpcError extends Error {
    constructor(
        readonly method: string,
        readonly code: number | undefined,
        message: string,
    ) {
        super(message);
    }
}

const unimplemented = 12;

export class AnalyzerClient {
    private readonly client: any;
    /** For the per-resource calls and AnalyzeStack; grpc-js for the rest. */
    private readonly channel: GrpcUnaryChannel;

    constructor(
        port: number,
        private readonly deadlineMs: number,
    ) {
        this.client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": 400 * 1024 * 1024,
            "grpc.max_send_message_length": 400 * 1024 * 1024,
        });
        this.channel = new GrpcUnaryChannel(port);
    }

    close(): void {
        this.client.close();
        this.channel.close();
    }

    private call<T>(method: string, request: unknown, tolerateUnimplemented = false): Promise<T | undefined> {
        return new Promise((resolve, reject) => {
            const deadline = new Date(Date.now() + this.deadlineMs);
            this.client[method](request, { deadline }, (err: any, response: T) => {
                if (!err) return resolve(response);
                if (tolerateUnimplemented && err.code === unimplemented) return resolve(undefined);
                reject(this.rpcError(method, err));
            });
        });
    }

    /**
     * A unary call whose request is already in wire format (analyzerRequests.ts), over the plain
     * HTTP/2 channel; the path and the answer's decoding come from the generated service definition.
     */
    private async callEncoded(method: "analyze" | "remediate" | "analyzeStack", request: Uint8Array, tolerateUnimplemented = false): Promise<any> {
        const definition = analyzerGrpc.AnalyzerService[method];
        try {
            return definition.responseDeserialize(await this.channel.call(definition.path, request, this.deadlineMs));
        } catch (err) {
            // As the engine does, a pack too old for Remediate or AnalyzeStack is skipped for that call.
            if (tolerateUnimplemented && err instanceof GrpcCallError && err.code === unimplemented) return undefined;
            throw err instanceof GrpcCallError ? this.rpcError(method, { code: err.code, details: err.message }) : err;
        }
    }

    private rpcError(method: string, err: any): AnalyzerRpcError {
        const detail = err.code === deadlineExceeded ? `no answer within ${this.deadlineMs} ms` : err.details || err.message;
        return new AnalyzerRpcError(method, err.code, `${method}: ${detail}`);
    }

    async handshake(programDirectory: string): Promise<void> {
        const request = new analyzerPb.AnalyzerHandshakeRequest();
        request.setEngineAddress("127.0.0.1:0");
        request.setRootDirectory(programDirectory);
        request.setProgramDirectory(programDirectory);
        await this.call("handshake", request, true);
    }

    async configureStack(stack: { stack: string; project: string; organization: string; config: Record<string, string>; secretKeys: string[]; tags: Record<string, string> }): Promise<void> {
        const request = new analyzerPb.AnalyzerStackConfigureRequest();
        request.setStack(stack.stack);
        request.setProject(stack.project);
        request.setOrganization(stack.organization);
        request.setDryRun(true);
        for (const [k, v] of Object.entries(stack.config)) request.getConfigMap().set(k, v);
        request.setConfigSecretKeysList(stack.secretKeys);
        for (const [k, v] of Object.entries(stack.tags)) request.getTagsMap().set(k, v);
        await this.call("configureStack", request, true);
    }

    async getPluginInfo(): Promise<string> {
        const info: any = await this.call("getPluginInfo", new emptyPb.Empty());
        return info?.getVersion() ?? "";
    }

    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        const info: any = await this.call("getAnalyzerInfo", new emptyPb.Empty());
        const policies: PolicyInfo[] = info.getPoliciesList().map((p: any) => {
            const schema = p.getConfigschema();
            return {
                name: p.getName(),
                description: p.getDescription(),
                enforcementLevel: levelNames[p.getEnforcementlevel()],
                policyType: (["unknown", "resource", "stack"] as const)[p.getPolicyType()] ?? "unknown",
                configSchema: schema ? { properties: schema.getProperties()?.toJavaScript() ?? {}, required: schema.getRequiredList() } : undefined,
            };
        });
        const initialConfig: PolicyConfigMap = {};
        info.getInitialconfigMap().forEach((config: any, name: string) => {
            const properties = config.getProperties()?.toJavaScript();
            initialConfig[name] = {
                enforcementLevel: levelNames[config.getEnforcementlevel()],
                properties: properties && Object.keys(properties).length > 0 ? properties : undefined,
            };
        });
        return { name: info.getName(), version: info.getVersion(), supportsConfig: info.getSupportsconfig(), policies, initialConfig };
    }

    async configure(config: PolicyConfigMap): Promise<void> {
        const request = new analyzerPb.ConfigureAnalyzerRequest();
        for (const [name, entry] of Object.entries(config)) {
            const policyConfig = new analyzerPb.PolicyConfig();
            policyConfig.setEnforcementlevel(levelNumbers[entry.enforcementLevel ?? "advisory"]);
            policyConfig.setProperties(structPb.Struct.fromJavaScript(entry.properties ?? {}));
            request.getPolicyconfigMap().set(name, policyConfig);
        }
        await this.call("configure", request);
    }

    /** Encodes a resource once; Remediate and Analyze take the same request message. */
    encode(resource: AnalyzerResource): EncodedResource {
        return { resource, request: encodeAnalyzeRequest(resource) };
    }

    async remediate(encoded: EncodedResource): Promise<Remediation[]> {
        const response: any = await this.callEncoded("remediate", encoded.request, true);
        return (response?.getRemediationsList() ?? []).map((r: any) => ({
            policyName: r.getPolicyname(),
            properties: r.getProperties()?.toJavaScript(),
            diagnostic: r.getDiagnostic(),
        }));
    }

    async analyze(encoded: EncodedResource): Promise<Diagnostic[]> {
        const response: any = await this.callEncoded("analyze", encoded.request);
        return diagnostics(response);
    }

    /** Writes the request a slice at a time, so that Analyze calls in flight meanwhile are not held up. */
    async analyzeStack(resources: AnalyzerResource[]): Promise<Diagnostic[]> {
        const entries: Uint8Array[] = [];
        for (let from = 0; from < resources.length; from += 200) {
            await nextTurn();
            for (const resource of resources.slice(from, from + 200)) entries.push(encodeAnalyzeStackEntry(resource));
        }
        return diagnostics(await this.callEncoded("analyzeStack", Buffer.concat(entries), true));
    }

    async cancel(): Promise<void> {
        await this.call("cancel", new emptyPb.Empty(), true).catch(() => undefined);
    }
}

function diagnostics(response: any): Diagnostic[] {
    return (response?.getDiagnosticsList() ?? []).map((d: any) => {
        const level = levelNames[d.getEnforcementlevel()];
        return {
            policyName: d.getPolicyname(),
            policyPackName: d.getPolicypackname(),
            policyPackVersion: d.getPolicypackversion(),
            description: d.getDescription(),
            message: d.getMessage(),
            enforcementLevel: isEnforcementLevel(level) ? level : "advisory",
            urn: d.getUrn(),
        };
    });
}
