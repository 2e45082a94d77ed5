// The host writes Analyze and AnalyzeStack requests itself; a pack decodes them with the generated
// google-protobuf classes. Both must agree: the bytes decode to the message the generated classes build.
import * as assert from "assert";
import { createRequire } from "module";
import fc from "fast-check";
import type { AnalyzerResource } from "../../analyzer/analyzerClient";
import { encodeAnalyzeRequest, encodeAnalyzeStackRequest } from "../../analyzer/analyzerRequests";

const sdkRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
/* eslint-disable @typescript-eslint/no-explicit-any */
const analyzerPb = sdkRequire("./proto/analyzer_pb.js");
const structPb = sdkRequire("google-protobuf/google/protobuf/struct_pb.js");

/** The request as the generated classes build it: the reference. */
function reference(resource: AnalyzerResource, message: any): any {
    message.setType(resource.type);
    message.setUrn(resource.urn);
    message.setName(resource.name);
    message.setProperties(structPb.Struct.fromJavaScript(resource.properties));
    const options = new analyzerPb.AnalyzerResourceOptions();
    options.setProtect(resource.options.protect);
    options.setIgnorechangesList(resource.options.ignoreChanges);
    options.setAdditionalsecretoutputsList(resource.options.additionalSecretOutputs ?? []);
    options.setAliasesList(resource.options.aliases ?? []);
    const timeouts = new analyzerPb.AnalyzerResourceOptions.CustomTimeouts();
    if (resource.options.customTimeouts?.create) timeouts.setCreate(resource.options.customTimeouts.create);
    if (resource.options.customTimeouts?.update) timeouts.setUpdate(resource.options.customTimeouts.update);
    if (resource.options.customTimeouts?.delete) timeouts.setDelete(resource.options.customTimeouts.delete);
    options.setCustomtimeouts(timeouts);
    if (resource.options.deleteBeforeReplace !== undefined) {
        options.setDeletebeforereplace(resource.options.deleteBeforeReplace);
        options.setDeletebeforereplacedefined(true);
    }
    if (resource.options.parent) options.setParent(resource.options.parent);
    message.setOptions(options);
    if (resource.provider) {
        const provider = new analyzerPb.AnalyzerProviderResource();
        provider.setType(resource.provider.type);
        provider.setUrn(resource.provider.urn);
        provider.setName(resource.provider.name);
        provider.setProperties(structPb.Struct.fromJavaScript(resource.provider.properties));
        message.setProvider(provider);
    }
    return message;
}

function referenceStackResource(resource: AnalyzerResource): any {
    const message = reference(resource, new analyzerPb.AnalyzerResource());
    if (resource.parent) message.setParent(resource.parent);
    message.setDependenciesList(resource.dependencies);
    for (const [property, urns] of Object.entries(resource.propertyDependencies)) {
        const deps = new analyzerPb.AnalyzerPropertyDependencies();
        deps.setUrnsList(urns);
        message.getPropertydependenciesMap().set(property, deps);
    }
    return message;
}

const stackUrn = "urn:pulumi:prod::lockstep::pulumi:pulumi:Stack::lockstep-prod";
const deployment: AnalyzerResource = {
    urn: "urn:pulumi:prod::lockstep::lockstep:kubernetes:BlueGreenService$kubernetes:apps/v1:Deployment::checkout-blue",
    type: "kubernetes:apps/v1:Deployment",
    name: "checkout-blue",
    properties: {
        metadata: { name: "checkout-blue", labels: { app: "checkout", colour: "blue" }, annotations: {} },
        spec: {
            replicas: 3,
            strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
            template: { spec: { terminationGracePeriodSeconds: 45.5, containers: [{ name: "web", image: "ghcr.io/acme/checkout@sha256:ab", ports: [], env: [{ name: "TOKEN", value: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s3cr3t" } }] }] } },
            paused: false,
            minReadySeconds: -1,
            nested: [[1, "two", null, true], []],
        },
        note: "ünïcödé ✓ and an empty string:",
        empty: "",
        nothing: null,
    },
    options: {
        protect: true,
        ignoreChanges: ["spec.replicas"],
        parent: stackUrn,
        aliases: ["urn:old"],
        additionalSecretOutputs: ["data"],
        deleteBeforeReplace: true,
        customTimeouts: { create: 120, delete: 30.5 },
    },
    provider: { urn: "urn:pulumi:prod::lockstep::pulumi:providers:kubernetes::cluster", type: "pulumi:providers:kubernetes", name: "cluster", properties: { namespace: "payments-prod", enableServerSideApply: true } },
    parent: stackUrn,
    dependencies: ["urn:a", "urn:b"],
    propertyDependencies: { metadata: ["urn:a"], spec: ["urn:a", "urn:b"], empty: [] },
};
const bare: AnalyzerResource = {
    urn: stackUrn,
    type: "pulumi:pulumi:Stack",
    name: "lockstep-prod",
    properties: {},
    options: { protect: false, ignoreChanges: [] },
    dependencies: [],
    propertyDependencies: {},
};

describe("analyzer: request encoding", () => {
    it("an AnalyzeRequest decodes to the message the generated classes build", () => {
        for (const resource of [deployment, bare]) {
            const decoded = analyzerPb.AnalyzeRequest.deserializeBinary(encodeAnalyzeRequest(resource));
            assert.deepStrictEqual(decoded.toObject(), reference(resource, new analyzerPb.AnalyzeRequest()).toObject());
            assert.deepStrictEqual(decoded.getProperties().toJavaScript(), resource.properties);
        }
    });

    it("an AnalyzeStackRequest decodes with parents, dependencies and property dependencies", () => {
        const decoded = analyzerPb.AnalyzeStackRequest.deserializeBinary(encodeAnalyzeStackRequest([bare, deployment]));
        const expected = new analyzerPb.AnalyzeStackRequest();
        expected.setResourcesList([bare, deployment].map(referenceStackResource));
        assert.deepStrictEqual(decoded.toObject(), expected.toObject());
        const [, second] = decoded.getResourcesList();
        assert.strictEqual(second.getParent(), stackUrn);
        assert.deepStrictEqual(second.getPropertydependenciesMap().get("spec").getUrnsList(), ["urn:a", "urn:b"]);
    });

    it("any JSON properties survive the trip (generated values)", () => {
        const json = fc.jsonValue({ maxDepth: 4 }).filter((v) => !Object.is(v, -0));
        const properties = fc.dictionary(fc.string(), json);
        fc.assert(
            fc.property(properties, (props) => {
                const resource = { ...bare, properties: props as Record<string, unknown> };
                const decoded = analyzerPb.AnalyzeRequest.deserializeBinary(encodeAnalyzeRequest(resource));
                assert.deepStrictEqual(decoded.getProperties().toJavaScript(), structPb.Struct.fromJavaScript(props).toJavaScript());
            }),
            { numRuns: 300 },
        );
    });

    it("refuses what Struct cannot carry, as Struct.fromJavaScript does", () => {
        assert.throws(() => encodeAnalyzeRequest({ ...bare, properties: { when: undefined } }), /cannot send a value of type undefined/);
    });

    it("a resource option set to false is still sent as defined, as the engine does", () => {
        const resource: AnalyzerResource = { ...bare, options: { ...bare.options, deleteBeforeReplace: false } };
        const decoded = analyzerPb.AnalyzeRequest.deserializeBinary(encodeAnalyzeRequest(resource));
        assert.equal(decoded.getOptions().getDeletebeforereplacedefined(), true);
        assert.deepStrictEqual(decoded.toObject(), reference(resource, new analyzerPb.AnalyzeRequest()).toObject());
    });
});
