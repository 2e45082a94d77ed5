import { strict as assert } from "assert";
import { formatProblem, parseEnvironment } from "../../../components/config/parseEnvironment";

/** A valid environment; each case breaks one thing. */
function environment(): Record<string, any> {
    return {
        team: "payments",
        awsRegion: "eu-west-1",
        ingressClass: "nginx",
        domain: "dev.example.com",
        cluster: { name: "c", oidcProviderArn: "arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/AB" },
        catalog: [
            { name: "api", image: "ghcr.io/acme/api" },
            { name: "web", image: "ghcr.io/acme/web", strategy: "blueGreen" },
        ],
        services: [
            { name: "api", version: "1.2.3" },
            { name: "web", activeColor: "blue", versions: { blue: "1.0.0", green: "1.1.0" } },
        ],
    };
}

function problemsOf(raw: Record<string, unknown>): string[] {
    const result = parseEnvironment(raw);
    assert.equal(result.ok, false, "expected the config to be rejected");
    return result.ok ? [] : result.problems.map((p) => formatProblem("stacks/Pulumi.prod.yaml", p));
}

describe("parseEnvironment", () => {
    it("accepts a valid environment, applies defaults and merges each release with its catalog entry", () => {
        const result = parseEnvironment(environment());
        assert.ok(result.ok);
        if (!result.ok) return;
        const [api, web] = result.config.services;
        assert.equal(api.strategy, "rolling");
        assert.equal(api.image, "ghcr.io/acme/api");
        assert.equal(api.port, 8080);
        assert.equal(api.healthPath, "/healthz");
        assert.equal(api.replicas, 2);
        assert.deepEqual(api.resources, { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } });
        assert.equal(web.strategy, "blueGreen");
        assert.ok(web.strategy === "blueGreen" && web.activeColor === "blue" && web.versions.green === "1.1.0");
        assert.equal(result.config.protectStateful, false);
    });

    it("names the file, the key path, what was expected and what it got", () => {
        const raw = environment();
        raw.services[1].replicas = "three";
        assert.deepEqual(problemsOf(raw), [
            'stacks/Pulumi.prod.yaml: lockstep:services[1].replicas: expected a whole number of at least 1, got "three"',
        ]);
    });

    it("states a number's range, not only its sign (a port is 1 to 65535)", () => {
        const raw = environment();
        raw.catalog[0].port = 99999;
        assert.deepEqual(problemsOf(raw), ["stacks/Pulumi.prod.yaml: lockstep:catalog[0].port: expected a whole number from 1 to 65535, got 99999"]);
    });

    it("says what a missing key should hold in the words of a config file, not zod's", () => {
        const raw = environment();
        delete raw.domain;
        assert.deepEqual(problemsOf(raw), ["stacks/Pulumi.prod.yaml: lockstep:domain: missing: expected a string"]);
    });

    it("lets none of zod's own wording through, whatever is wrong (the class, not one case)", () => {
        const breaks: Array<(raw: Record<string, any>) => void> = [
            (r) => delete r.team,
            (r) => (r.cluster = "c"),
            (r) => (r.cluster.name = ""),
            (r) => (r.catalog = []),
            (r) => (r.catalog[0].port = -1),
            (r) => (r.catalog[0].port = 1.5),
            (r) => (r.catalog[0].replicas = "2"),
            (r) => (r.services[0].replicas = 0),
            (r) => (r.protectStateful = "yes"),
            (r) => (r.releaseRetentionDays = null),
            (r) => (r.catalog[0].preStopSeconds = 500),
            (r) => (r.services = {}),
        ];
        for (const [i, breakIt] of breaks.entries()) {
            const raw = environment();
            breakIt(raw);
            for (const problem of problemsOf(raw)) {
                assert.doesNotMatch(problem, /Invalid input|Invalid option|Too (big|small)|received undefined|expected (string|number|boolean|object|array)\b/, `case ${i}: ${problem}`);
            }
        }
    });

    it("rejects an unknown strategy", () => {
        const raw = environment();
        raw.catalog[0].strategy = "canary";
        assert.deepEqual(problemsOf(raw), [
            'stacks/Pulumi.prod.yaml: lockstep:catalog[0].strategy: expected strategy "rolling" or "blueGreen", got "canary"',
        ]);
    });

    it("rejects a missing image", () => {
        const raw = environment();
        delete raw.catalog[1].image;
        assert.deepEqual(problemsOf(raw), [
            'stacks/Pulumi.prod.yaml: lockstep:catalog[1].image: missing: expected an image repository without a tag, e.g. "ghcr.io/acme/api"',
        ]);
    });

    it("rejects duplicate service names in the catalog and in the releases", () => {
        const raw = environment();
        raw.catalog.push({ name: "api", image: "ghcr.io/acme/other" });
        raw.services.push({ name: "web", activeColor: "green", versions: { blue: "1", green: "2" } });
        assert.deepEqual(problemsOf(raw), [
            'stacks/Pulumi.prod.yaml: lockstep:catalog[2].name: duplicate service name "api" (also catalog[0].name): names must be unique',
            'stacks/Pulumi.prod.yaml: lockstep:services[2].name: duplicate service name "web" (also services[1].name): names must be unique',
        ]);
    });

    it("rejects an activeColor that is neither blue nor green", () => {
        const raw = environment();
        raw.services[1].activeColor = "purple";
        assert.deepEqual(problemsOf(raw), [
            'stacks/Pulumi.prod.yaml: lockstep:services[1].activeColor: expected "blue" or "green", got "purple"',
        ]);
    });

    it("requires what the strategy needs and refuses what it does not take", () => {
        const raw = environment();
        delete raw.services[0].version;
        raw.services[0].activeColor = "blue";
        delete raw.services[1].versions;
        assert.deepEqual(problemsOf(raw), [
            'stacks/Pulumi.prod.yaml: lockstep:services[0].version: missing: expected the image tag or digest to run, e.g. "1.4.2"',
            'stacks/Pulumi.prod.yaml: lockstep:services[0].activeColor: only blue-green services take activeColor; "api" is rolling',
            "stacks/Pulumi.prod.yaml: lockstep:services[1].versions: missing: expected {blue: <version>, green: <version>}",
        ]);
    });

    it("rejects a release of a service the catalog does not have", () => {
        const raw = environment();
        raw.services[0].name = "apj";
        assert.deepEqual(problemsOf(raw), [
            'stacks/Pulumi.prod.yaml: lockstep:services[0].name: unknown service "apj": expected one of api, web (lockstep:catalog)',
        ]);
    });

    it("rejects a YAML number where a version string is needed (1.10 reads as 1.1)", () => {
        const raw = environment();
        raw.services[0].version = 1.1;
        assert.match(problemsOf(raw)[0], /lockstep:services\[0\]\.version: expected an image tag or digest as a string.*got 1\.1$/);
    });

    it("rejects unknown keys and wildcard permissions", () => {
        const raw = environment();
        raw.services[0].replica = 3;
        raw.catalog[0].permissions = [{ actions: ["s3:*"], resources: ["arn:aws:s3:::b/*"] }];
        assert.deepEqual(problemsOf(raw), [
            'stacks/Pulumi.prod.yaml: lockstep:catalog[0].permissions[0].actions: expected specific actions: a whole-service wildcard is not least privilege, got ["s3:*"]',
            'stacks/Pulumi.prod.yaml: lockstep:services[0].replica: unknown key "replica": remove it or check its spelling',
        ]);
    });

    it("never quotes the value of a secret key", () => {
        const raw = environment();
        raw.domain = "s3cr3t-value";
        const result = parseEnvironment(raw, new Set(["domain"]));
        assert.ok(!result.ok);
        if (result.ok) return;
        const text = result.problems.map((p) => formatProblem("f", p)).join("\n");
        assert.ok(!text.includes("s3cr3t-value"), text);
        assert.match(text, /got a secret value/);
    });
});
