// The entry point: the version, the usage, an unknown command.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { runCli } from "../helpers/runCli";

const packageVersion = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).version;

describe("lockstep (the entry point)", () => {
    it("prints its version with --version, -V or version, exit 0", async () => {
        for (const flag of ["--version", "-V", "version"]) {
            const run = await runCli([flag]);
            assert.deepEqual([run.status, run.stdout, run.stderr], [0, `lockstep ${packageVersion}\n`, ""], flag);
        }
    });

    it("names the commands, and the nearest one, when the one given is unknown, exit 2", async () => {
        const unknown = await runCli(["deploy"]);
        assert.equal(unknown.status, 2);
        assert.match(unknown.stderr, /^lockstep: unknown command "deploy": expected one of render, preview, parity, check, .*metrics\n$/);
        const typo = await runCli(["parit"]);
        assert.match(typo.stderr, /^lockstep: unknown command "parit" \(did you mean parity\?\): expected one of /);
    });
});
