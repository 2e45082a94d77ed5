import { strict as assert } from "assert";
import { renderedStack, shippedStacks } from "../helpers/renderedStacks";

type Model = new (data: unknown) => { validate(): void };
// kubernetes-models is ESM only; TypeScript's CommonJS output would turn import() into require().
const importModule = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<any>;

/** `kubernetes:apps/v1:Deployment` → the kubernetes-models class that validates it. */
async function modelFor(type: string): Promise<Model> {
    const [, groupVersion, kind] = type.split(":");
    return (await importModule(`kubernetes-models/${groupVersion.replace(/^core\//, "")}/${kind}`))[kind];
}

describe("rendered Kubernetes objects", () => {
    for (const stack of shippedStacks) {
        it(`${stack}: every object validates against the Kubernetes API schema`, async () => {
            const rendered = await renderedStack(stack);
            const objects = rendered.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:index"));
            assert.ok(objects.length >= 15, `found ${objects.length}`);
            for (const object of objects) {
                const Model = await modelFor(object.type);
                // Outputs: the object as sent to the cluster, auto-generated name included.
                assert.doesNotThrow(() => new Model(object.outputs).validate(), `${object.urn} is invalid`);
            }
        });
    }

    it("catches an invalid object (the check can fail)", async () => {
        const Model = await modelFor("kubernetes:apps/v1:Deployment");
        const invalid = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" }, spec: { replicas: "two", selector: {}, template: {} } };
        assert.throws(() => new Model(invalid).validate(), /replicas/);
    });
});
