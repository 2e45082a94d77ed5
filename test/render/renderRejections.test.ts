// A program that fails on missing config: the SDK rejects the same ConfigMissingError several times, some
// after the render has settled. Every command reports it once, as one line naming the key and the command
// that sets it, with exit 2; never Node's multi-line dump with exit 1.
import { strict as assert } from "assert";
import { runCli, type CliResult } from "../helpers/runCli";
import { tempProject } from "../helpers/tempProject";

const secretCommand = "`pulumi config set --secret lockstep:checkoutDbPassword <value> --stack dev`";

function assertOneLine(result: CliResult, expected: string, what: string): void {
    assert.equal(result.status, 2, `${what}: exit code (stderr: ${result.stderr})`);
    assert.doesNotMatch(result.stderr + result.stdout, /ConfigMissingError|__pulumiRunError|\n\s+at /, what);
    assert.equal(result.stderr, `lockstep: ${expected}\n`, what);
}

describe("a program that reads config nobody set", function () {
    this.timeout(180_000);

    it("every command: one line naming the key and `pulumi config set --secret ...`, exit 2", async () => {
        // The README's own example: a catalog env value naming a secret the stack does not set.
        const dir = tempProject({
            "Pulumi.yaml": (t) => t.replace("          PAYMENTS_API_URL: http://payments-api\n", "          PAYMENTS_API_URL: http://payments-api\n          DB_PASSWORD: { secret: checkoutDbPassword }\n"),
        });
        const expected = `lockstep:checkoutDbPassword: missing secret config value of stack "dev": set it with ${secretCommand}`;
        const commands = [["render", "--stack", "dev"], ["preview", "--stack", "dev"], ["parity", "--source", "rendered"], ["check"]];
        const results = await Promise.all(commands.map((args) => runCli([...args, "--dir", dir])));
        results.forEach((result, i) => assertOneLine(result, expected, commands[i][0]));
    });

    it("any project's program: a plain value too, whichever the program reads first", async () => {
        const program = 'import * as pulumi from "@pulumi/pulumi";\nconst config = new pulumi.Config();\nexport const region = config.require("region");\nexport const token = config.requireSecret("apiToken");\n';
        const plain = await runCli(["render", "--stack", "dev", "--dir", tempProject({ "index.ts": program })]);
        assertOneLine(plain, 'lockstep:region: missing config value of stack "dev": set it with `pulumi config set lockstep:region <value> --stack dev`', "require");
        const secret = await runCli(["render", "--stack", "dev", "--dir", tempProject({ "index.ts": program.replace('config.require("region")', '"eu-west-1"') })]);
        assertOneLine(secret, 'lockstep:apiToken: missing secret config value of stack "dev": set it with `pulumi config set --secret lockstep:apiToken <value> --stack dev`', "requireSecret");
    });
});
