import { strict as assert } from "assert";
import { renderStack } from "../../../render/renderStack";
import { colorLabel, nameLabel } from "../../../components/kubernetes/labels";
import { renderedStack, resourceNamed, shippedStacks } from "../../helpers/renderedStacks";
import { tempProject } from "../../helpers/tempProject";

const deploymentType = "kubernetes:apps/v1:Deployment";
const serviceType = "kubernetes:core/v1:Service";
const pdbType = "kubernetes:policy/v1:PodDisruptionBudget";

function specOf(resource: { inputs: Record<string, unknown> }): any {
    return resource.inputs.spec;
}

describe("BlueGreenService (rendered under mocks)", () => {
    const activeColor = { dev: "green", staging: "green", prod: "blue" } as const;
    const idle = { blue: "green", green: "blue" } as const;

    for (const stack of shippedStacks) {
        it(`${stack}: the live Service follows activeColor (${activeColor[stack]}), the preview Service the idle colour`, async () => {
            const rendered = await renderedStack(stack);
            const live = specOf(resourceNamed(rendered, serviceType, "checkout-live"));
            const preview = specOf(resourceNamed(rendered, serviceType, "checkout-preview"));
            assert.deepEqual(live.selector, { [nameLabel]: "checkout", [colorLabel]: activeColor[stack] });
            assert.deepEqual(preview.selector, { [nameLabel]: "checkout", [colorLabel]: idle[activeColor[stack]] });
            for (const color of ["blue", "green"]) {
                const deployment = specOf(resourceNamed(rendered, deploymentType, `checkout-${color}`));
                assert.deepEqual(deployment.selector.matchLabels, { [nameLabel]: "checkout", [colorLabel]: color });
                for (const [k, v] of Object.entries(deployment.selector.matchLabels)) {
                    assert.equal(deployment.template.metadata.labels[k], v);
                }
                const pdb = specOf(resourceNamed(rendered, pdbType, `checkout-${color}-pdb`));
                assert.deepEqual(pdb.selector.matchLabels, deployment.selector.matchLabels, `${color} budget selects ${color} pods`);
            }
            assert.equal((rendered.outputs.services as any).checkout.activeColor, activeColor[stack]);
        });
    }

    it("gives both colours the same zero-downtime settings; only the colour and version differ", async () => {
        const rendered = await renderedStack("prod");
        const blue = specOf(resourceNamed(rendered, deploymentType, "checkout-blue"));
        const green = specOf(resourceNamed(rendered, deploymentType, "checkout-green"));
        const neutral = (spec: any) =>
            JSON.stringify(spec).replace(/"(blue|green)"/g, '"<colour>"').replace(/@sha256:[0-9a-f]{64}/g, "@<digest>");
        assert.equal(neutral(blue), neutral(green));
        assert.equal(blue.strategy.rollingUpdate.maxUnavailable, 0);
        assert.equal(blue.template.spec.containers[0].readinessProbe.httpGet.path, "/health/ready");
        assert.notEqual(blue.template.spec.containers[0].image, green.template.spec.containers[0].image);
    });

    it("flipping activeColor is the whole promotion: the live Service selects the other colour", async () => {
        const dir = tempProject({ "stacks/Pulumi.prod.yaml": (text) => text.replace("activeColor: blue", "activeColor: green") });
        const flipped = await renderStack({ projectDir: dir, stack: "prod" });
        assert.equal(specOf(resourceNamed(flipped, serviceType, "checkout-live")).selector[colorLabel], "green");
        assert.equal(specOf(resourceNamed(flipped, serviceType, "checkout-preview")).selector[colorLabel], "blue");
        // Nothing else moves: both Deployments keep running their versions.
        const before = await renderedStack("prod");
        for (const color of ["blue", "green"]) {
            assert.deepEqual(
                resourceNamed(flipped, deploymentType, `checkout-${color}`).inputs,
                resourceNamed(before, deploymentType, `checkout-${color}`).inputs,
            );
        }
    });
});
