import { strict as assert } from "assert";
import { referencedSecretKeys, unknownConfigKeys } from "../../../components/config/configKeys";
import { renderStack } from "../../../render/renderStack";
import { InputError } from "../../../project/inputError";
import { closestName, editDistance } from "../../../project/closestName";
import { tempProject } from "../../helpers/tempProject";

describe("configKeys: the top-level lockstep: keys the program reads", () => {
    const catalog = [{ name: "checkout", env: { DB_PASSWORD: { secret: "checkoutDbPassword" }, PLAIN: "x" } }, { name: "api" }];

    it("knows the schema's keys and the secrets catalog env values name", () => {
        assert.deepEqual(referencedSecretKeys(catalog), ["checkoutDbPassword"]);
        assert.deepEqual(referencedSecretKeys("not a list"), []);
        assert.deepEqual(unknownConfigKeys(["team", "services", "catalog", "protectStateful", "checkoutDbPassword"], catalog), []);
    });

    it("names the closest known key for a typo: a letter extra, missing, swapped, or another case", () => {
        const hints = unknownConfigKeys(["protectStatefull", "servics", "ingresClass", "awsRegoin", "Domain", "checkoutDbPasword"], catalog).map((u) => [u.key, u.hint.split("?")[0]]);
        assert.deepEqual(hints, [
            ["protectStatefull", "did you mean lockstep:protectStateful"],
            ["servics", "did you mean lockstep:services"],
            ["ingresClass", "did you mean lockstep:ingressClass"],
            ["awsRegoin", "did you mean lockstep:awsRegion"],
            ["Domain", "did you mean lockstep:domain"],
            ["checkoutDbPasword", "did you mean lockstep:checkoutDbPassword"],
        ]);
    });

    it("lists the known keys when nothing is close", () => {
        const [unknown] = unknownConfigKeys(["xyz"], catalog);
        assert.match(unknown.hint, /^remove it, or use one of team, awsRegion, .*catalog, services/);
    });

    it("closestName stays silent rather than guess far", () => {
        assert.equal(closestName("replicas", ["team", "domain"]), undefined);
        assert.equal(editDistance("abcd", "abdc"), 1);
        assert.equal(editDistance("", "abc"), 3);
    });

    it("the program itself refuses an unknown key (as under the Pulumi CLI, without the offline check)", async () => {
        const dir = tempProject({ "stacks/Pulumi.prod.yaml": (t) => t.replace("lockstep:protectStateful: true", "lockstep:protectStatefull: true") });
        await assert.rejects(renderStack({ projectDir: dir, stack: "prod" }), (e: Error) =>
            e instanceof InputError && e.message === "stacks/Pulumi.prod.yaml: lockstep:protectStatefull: unknown key: did you mean lockstep:protectStateful? Fix the spelling or remove the key");
    });
});
