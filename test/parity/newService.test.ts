// A new service's first appearance: added to the catalog and to dev only, as the README's "Adding a
// service" says, it is one difference per resource (and one for its stack-file entry), each naming the
// resource and the environment, and one rule in parity.yaml explains the staged rollout until it expires.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { runParity } from "../../app/parity";
import { renderProgram } from "../../app/renderProgram";
import { resourceScopes } from "../../parity/sources/resourceSettings";
import { tempProject } from "../helpers/tempProject";

// The README's snippets, appended where it says: the catalog list closes Pulumi.yaml, the services
// list closes stacks/Pulumi.dev.yaml.
const catalogEntry = `      - name: payments-web
        image: ghcr.io/acme/payments-web
        port: 8080
        healthPath: /healthz
        expose: true
`;
const devRelease = `    - name: payments-web
      version: "0.1.0"
      replicas: 1
`;
const stagedRollout = `  - path: ["lockstep:services.payments-web", "**::payments-web", "**::payments-web-*"]
    reason: payments-web is new in dev, reaching staging next week and prod after it.
    owner: payments
    expires: "2026-12-31"
`;
const now = new Date("2026-12-03T12:00:00Z");

describe("a new service in dev only", function () {
    this.timeout(180_000);
    let dir: string;

    before(() => {
        dir = tempProject({ "Pulumi.yaml": (t) => t + catalogEntry, "stacks/Pulumi.dev.yaml": (t) => t + devRelease });
        const names = (file: string, key: string[]) => ((parse(fs.readFileSync(path.join(dir, file), "utf8")) as Record<string, unknown>)[key[0]] as Record<string, unknown>)[key[1]];
        assert.ok(JSON.stringify(names("Pulumi.yaml", ["config", "catalog"])).includes('"payments-web"'), "the catalog entry landed in the catalog");
        assert.ok(JSON.stringify(names("stacks/Pulumi.dev.yaml", ["config", "lockstep:services"])).includes('"payments-web"'), "the release landed in dev's services");
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("is one difference per resource of the service, naming the resource and the environment", async () => {
        const dev = await renderProgram({ dir, stack: "dev" });
        const own = [...resourceScopes(dev.resources, "dev", new Set()).keys()].filter((id) => /::payments-web(-|$)/.test(id));
        assert.ok(own.length >= 8, `the service's resources: ${own.join(", ")}`);

        const run = await runParity({ dir, now });
        assert.equal(run.exitCode, 1);
        const devDrift = run.report.differences.filter((d) => d.stack === "dev" && !d.intended);
        const rendered = devDrift.filter((d) => d.source === "rendered");
        assert.deepEqual(rendered.map((d) => d.key).sort(), [...own].sort(), "one difference per resource, no more");
        for (const d of rendered) {
            assert.deepEqual([d.kind, d.whole], ["extra", "resource"], d.key);
            assert.ok(d.settings >= 2, `${d.key} counts its settings`);
        }
        assert.deepEqual(devDrift.filter((d) => d.source === "config").map((d) => [d.key, d.whole]), [["lockstep:services.payments-web", "entry"]]);
        assert.equal(run.report.environments.find((e) => e.stack === "dev")?.unexplained, own.length + 1);

        const deployment = rendered.find((d) => d.key === "kubernetes:apps/v1:Deployment::payments-web-deployment")!;
        assert.match(run.text, new RegExp(`dev  rendered  only in dev: kubernetes:apps/v1:Deployment payments-web-deployment \\(${deployment.settings} settings\\)\n`));
        assert.match(run.text, /dev {2}config {2}only in dev: lockstep:services\.payments-web \(\d+ settings\)\n/);
        assert.doesNotMatch(run.text, /does not hold the value the rule expects/);
        assert.equal(run.report.environments.find((e) => e.stack === "staging")?.unexplained, 0, "staging is untouched");
    });

    it("shows each such resource with its size on one side and absent on the other, in every format", async () => {
        const markdown = (await runParity({ dir, now, format: "markdown" })).text;
        assert.match(markdown, /\| dev \| rendered \| extra \| kubernetes:apps\/v1:Deployment::payments-web-deployment \| \(absent\) \| \(the whole resource, \d+ settings\) \|/);
        assert.match(markdown, /\| dev \| config \| extra \| lockstep:services\.payments-web \| \(absent\) \| \(the whole entry, 3 settings\) \|/);
        const junit = (await runParity({ dir, now, format: "junit" })).text;
        assert.match(junit, /name="rendered kubernetes:apps\/v1:Deployment::payments-web-deployment"><failure message="extra: baseline \(absent\), dev \(the whole resource, \d+ settings\)"/);
    });

    it("is explained, until it expires, by one rule naming the service's resources", async () => {
        fs.appendFileSync(path.join(dir, "stacks", "parity.yaml"), stagedRollout);
        const run = await runParity({ dir, now, format: "json" });
        const dev = run.report.environments.find((e) => e.stack === "dev")!;
        assert.equal(run.report.unexplained, 0, run.report.differences.filter((d) => !d.intended).map((d) => d.key).join(", "));
        assert.ok(run.report.differences.filter((d) => d.reason?.startsWith("payments-web is new in dev")).length >= 9);
        assert.ok(dev.parityPercent < run.report.threshold, "the settings still count: dev's parity drops by the service's share");
        assert.deepEqual(run.report.warnings.filter((w) => /intended\[10\]/.test(w)), [], "the rule is neither stale nor over-broad");
        const json = JSON.parse(run.text);
        assert.equal(json.schemaVersion, 2);
        assert.ok(json.differences.every((d: { settings: number }) => Number.isInteger(d.settings) && d.settings >= 1));

        const expired = await runParity({ dir, asOf: "2027-01-01" });
        assert.match(expired.text, /only in dev: kubernetes:apps\/v1:Deployment payments-web-deployment \(\d+ settings\) \[rule expired on 2026-12-31\]/);
    });
});
