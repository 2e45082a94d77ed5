// The analyzer requests the host sends per resource (AnalyzeRequest, and AnalyzeStackRequest's
// AnalyzerResource), written straight to protobuf wire format with protobufjs's Writer. Why not the
// generated google-protobuf classes: Struct.fromJavaScript builds a message object per value before
// serializing, which was about half the host's CPU per resource. The bytes decode to the same messages
// (test/analyzer/analyzerRequests.test.ts compares them with the generated classes').
// Field numbers: proto/pulumi/analyzer.proto in pulumi/pulumi and google/protobuf/struct.proto.
import { Writer } from "protobufjs/minimal";
import type { AnalyzerResource } from "./analyzerClient";

// A tag is (field number << 3) | wire type; wire types: 0 varint, 1 64-bit, 2 length-delimited.
const tag = (field: number, wireType: 0 | 1 | 2) => (field << 3) | wireType;

/** google.protobuf.Value: null_value 1, number_value 2, string_value 3, bool_value 4, struct_value 5, list_value 6. */
function writeValue(writer: Writer, value: unknown): void {
    switch (typeof value) {
        case "string":
            writer.uint32(tag(3, 2)).string(value);
            return;
        case "number":
            writer.uint32(tag(2, 1)).double(value);
            return;
        case "boolean":
            writer.uint32(tag(4, 0)).bool(value);
            return;
        case "object":
            if (value === null) {
                writer.uint32(tag(1, 0)).int32(0);
            } else if (Array.isArray(value)) {
                writer.uint32(tag(6, 2)).fork();
                for (const item of value) {
                    writer.uint32(tag(1, 2)).fork(); // ListValue.values
                    writeValue(writer, item);
                    writer.ldelim();
                }
                writer.ldelim();
            } else {
                writer.uint32(tag(5, 2)).fork();
                writeStructFields(writer, value as Record<string, unknown>);
                writer.ldelim();
            }
            return;
        default:
            // As Struct.fromJavaScript: analyzerProperties has already turned undefined and BigInt away.
            throw new TypeError(`cannot send a value of type ${typeof value} to a policy pack`);
    }
}

/** google.protobuf.Struct: map<string, Value> fields = 1 (map entries: key 1, value 2). */
function writeStructFields(writer: Writer, object: Record<string, unknown>): void {
    for (const key in object) {
        writer.uint32(tag(1, 2)).fork();
        writer.uint32(tag(1, 2)).string(key);
        writer.uint32(tag(2, 2)).fork();
        writeValue(writer, object[key]);
        writer.ldelim();
        writer.ldelim();
    }
}

function writeStruct(writer: Writer, field: number, object: Record<string, unknown>): void {
    writer.uint32(tag(field, 2)).fork();
    writeStructFields(writer, object);
    writer.ldelim();
}

function writeString(writer: Writer, field: number, value: string | undefined): void {
    if (value) writer.uint32(tag(field, 2)).string(value);
}

function writeStrings(writer: Writer, field: number, values: string[] | undefined): void {
    for (const value of values ?? []) writer.uint32(tag(field, 2)).string(value);
}

/** The fields AnalyzeRequest and AnalyzerResource share, 1 to 6. */
function writeResourceFields(writer: Writer, resource: AnalyzerResource): void {
    writeString(writer, 1, resource.type);
    writeStruct(writer, 2, resource.properties);
    writeString(writer, 3, resource.urn);
    writeString(writer, 4, resource.name);

    // AnalyzerResourceOptions: protect 1, ignoreChanges 2, deleteBeforeReplace 3,
    // deleteBeforeReplaceDefined 4, additionalSecretOutputs 5, aliases 6, customTimeouts 7, parent 8.
    const options = resource.options;
    writer.uint32(tag(5, 2)).fork();
    if (options.protect) writer.uint32(tag(1, 0)).bool(true);
    writeStrings(writer, 2, options.ignoreChanges);
    if (options.deleteBeforeReplace !== undefined) {
        if (options.deleteBeforeReplace) writer.uint32(tag(3, 0)).bool(true);
        writer.uint32(tag(4, 0)).bool(true);
    }
    writeStrings(writer, 5, options.additionalSecretOutputs);
    writeStrings(writer, 6, options.aliases);
    // CustomTimeouts (create 1, update 2, delete 3: seconds as doubles), sent empty when none are set, as the engine does.
    writer.uint32(tag(7, 2)).fork();
    const timeouts = options.customTimeouts ?? {};
    for (const [field, seconds] of [[1, timeouts.create], [2, timeouts.update], [3, timeouts.delete]] as const) {
        if (seconds) writer.uint32(tag(field, 1)).double(seconds);
    }
    writer.ldelim();
    writeString(writer, 8, options.parent);
    writer.ldelim();

    // AnalyzerProviderResource: type 1, properties 2, urn 3, name 4.
    const provider = resource.provider;
    if (provider) {
        writer.uint32(tag(6, 2)).fork();
        writeString(writer, 1, provider.type);
        writeStruct(writer, 2, provider.properties);
        writeString(writer, 3, provider.urn);
        writeString(writer, 4, provider.name);
        writer.ldelim();
    }
}

/** An AnalyzeRequest (Remediate takes the same message). */
export function encodeAnalyzeRequest(resource: AnalyzerResource): Uint8Array {
    const writer = Writer.create();
    writeResourceFields(writer, resource);
    return writer.finish();
}

/**
 * One resource of an AnalyzeStackRequest, as the bytes of its field (resources 1, an AnalyzerResource
 * with parent 7, dependencies 8, propertyDependencies 9). A request is these entries one after another,
 * so a big one can be written a slice at a time.
 */
export function encodeAnalyzeStackEntry(resource: AnalyzerResource): Uint8Array {
    const writer = Writer.create();
    writer.uint32(tag(1, 2)).fork();
    writeResourceFields(writer, resource);
    writeString(writer, 7, resource.parent);
    writeStrings(writer, 8, resource.dependencies);
    for (const [property, urns] of Object.entries(resource.propertyDependencies)) {
        writer.uint32(tag(9, 2)).fork();
        writer.uint32(tag(1, 2)).string(property);
        writer.uint32(tag(2, 2)).fork(); // AnalyzerPropertyDependencies: urns 1
        writeStrings(writer, 1, urns);
        writer.ldelim();
        writer.ldelim();
    }
    writer.ldelim();
    return writer.finish();
}

/** An AnalyzeStackRequest of all `resources`. */
export function encodeAnalyzeStackRequest(resources: AnalyzerResource[]): Uint8Array {
    return Buffer.concat(resources.map(encodeAnalyzeStackEntry));
}
