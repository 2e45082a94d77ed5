// Pulumi's mock resource monitor, extended to record every registration in full (parent,
// dependencies, provider, options) and to build URNs the way the engine does.
import type { RecordedResource } from "../project/renderedStack";
import { createRequire } from "module";
import { MockMonitor, type Mocks } from "@pulumi/pulumi/runtime/mocks";
import { checkOutputs, mergeComputed, mockOutputs } from "./mockOutputs";

// The SDK's own generated messages (they check `instanceof` against their own google-protobuf).
const sdkRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const resourcePb = sdkRequire("./proto/resource_pb.js");
const structPb = sdkRequire("google-protobuf/google/protobuf/struct_pb.js");

export const rootStackType = "pulumi:pulumi:Stack";


export type { RecordedResource };

type Callback = (err: Error | null, response?: unknown) => void;

// `newUrn` is private in the SDK's typings; the engine-style URN must replace it all the same.
const MonitorBase = MockMonitor as unknown as new (mocks: Mocks) => {
    registerResource(req: any, callback: Callback): Promise<void>;
    registerResourceOutputs(req: any, callback: Callback): void;
};

/** Providers' answers under the offline render: see mockOutputs. */
export const renderMocks: Mocks = {
    newResource: (args) => {
        const { id, computed } = mockOutputs(args.type, args.name, args.inputs);
        return { id, state: mergeComputed(args.inputs, computed) };
    },
    call: (args) => args.inputs,
};

export class RecordingMonitor extends MonitorBase {
    public readonly recorded: RecordedResource[] = [];
    private readonly byUrn = new Map<string, RecordedResource>();
    /** URNs registered so far, claimed before the (asynchronous) registration completes. */
    private readonly claimed = new Set<string>();
    /** URNs registered twice: the engine fails the update on the second (step_generator.go generateURN). */
    public readonly duplicateUrns: string[] = [];

    /**
     * `firstPreview`: answer as the engine answers a first `pulumi preview`, where nothing exists yet: ids and
     * everything only a create returns (ARNs, ...) are unknown, and so is every value computed from them;
     * what a provider's Check adds (auto-names) is known. Otherwise answer as after a create (`pulumi up`).
     */
    constructor(
        private readonly stack: string,
        private readonly project: string,
        private readonly firstPreview = false,
    ) {
        super(renderMocks);
    }

    /** The engine qualifies a type with its parent's whole type chain (the mock keeps only the last link). */
    newUrn(parent: string, type: string, name: string): string {
        const parentType = parent ? parent.split("::")[2] : undefined;
        const qualified = parentType && parentType !== rootStackType ? `${parentType}$${type}` : type;
        return `urn:pulumi:${this.stack}::${this.project}::${qualified}::${name}`;
    }

    async registerResource(req: any, callback: Callback): Promise<void> {
        const urn = this.newUrn(req.getParent(), req.getType(), req.getName());
        if (this.claimed.has(urn)) this.duplicateUrns.push(urn);
        this.claimed.add(urn);
        if (this.firstPreview) return this.registerForPreview(req, callback);
        await super.registerResource(req, (err, response: any) => {
            if (!err && response) this.record(req, response);
            callback(err, response);
        });
    }

    registerResourceOutputs(req: any, callback: Callback): void {
        const resource = this.byUrn.get(req.getUrn());
        if (resource) resource.outputs = req.getOutputs()?.toJavaScript() ?? {};
        if (this.firstPreview) callback(null, {});
        else super.registerResourceOutputs(req, callback);
    }

    /** No id, and only the inputs and Check's additions: the SDK takes every other output as unknown. */
    private registerForPreview(req: any, callback: Callback): void {
        try {
            const type: string = req.getType();
            const name: string = req.getName();
            const custom: boolean = req.getCustom();
            const inputs: Record<string, unknown> = req.getObject()?.toJavaScript() ?? {};
            const state = custom ? mergeComputed(inputs, checkOutputs(type, name, inputs)) : {};
            const response = new resourcePb.RegisterResourceResponse();
            response.setUrn(this.newUrn(req.getParent(), type, name));
            response.setId("");
            response.setObject(structPb.Struct.fromJavaScript(state));
            this.record(req, response);
            callback(null, response);
        } catch (err) {
            callback(err as Error);
        }
    }

    private record(req: any, response: any): void {
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
            propertyDependencies[key] = deps.getUrnsList();
        });
        const custom: boolean = req.getCustom();
        const type: string = req.getType();
        const name: string = req.getName();
        const inputs = checkedInputs(type, name, custom, req.getObject()?.toJavaScript() ?? {}, req.getVersion());
        const resource: RecordedResource = {
            urn: response.getUrn(),
            type,
            name,
            custom,
            id: custom && response.getId() ? response.getId() : undefined,
            parent: req.getParent() || undefined,
            provider: req.getProvider() || undefined,
            protect: req.getProtect() === true,
            dependencies: req.getDependenciesList(),
            propertyDependencies,
            ignoreChanges: req.getIgnorechangesList(),
            packageVersion: req.getVersion() || undefined,
            deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() === true : undefined,
            additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
            customTimeouts: timeoutsOf(req.getCustomtimeouts()),
            inputs,
            // From the wire-form inputs, so that secrets stay marked as secrets in the outputs too.
            outputs: !custom ? {} : this.firstPreview ? inputs : mergeComputed(inputs, mockOutputs(type, name, inputs).computed),
        };
        this.recorded.push(resource);
        this.byUrn.set(resource.urn, resource);
    }
}

/**
 * The inputs as the engine records and analyzes them: after the provider's Check (auto-names), and for a
 * provider resource with the plugin version the SDK asked for, as the engine adds it.
 */
function checkedInputs(type: string, name: string, custom: boolean, inputs: Record<string, unknown>, version: string): Record<string, unknown> {
    if (!custom) return inputs;
    if (type.startsWith("pulumi:providers:")) return version ? { ...inputs, version } : inputs;
    return mergeComputed(inputs, checkOutputs(type, name, inputs));
}

/** The request's custom timeouts (Go durations) in seconds; undefined when none is set. */
function timeoutsOf(timeouts: any): RecordedResource["customTimeouts"] {
    if (!timeouts) return undefined;
    const out = { create: goDurationSeconds(timeouts.getCreate()), update: goDurationSeconds(timeouts.getUpdate()), delete: goDurationSeconds(timeouts.getDelete()) };
    return out.create || out.update || out.delete ? out : undefined;
}

const unitSeconds: Record<string, number> = { ns: 1e-9, us: 1e-6, "µs": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Seconds of a Go duration ("2m", "1h30m", "1.5s"), as the engine parses customTimeouts; 0 for "" or nonsense. */
export function goDurationSeconds(text: string): number {
    if (!text) return 0;
    const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
    if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) return 0;
    return parts.reduce((sum, [, value, unit]) => sum + Number(value) * unitSeconds[unit], 0);
}
