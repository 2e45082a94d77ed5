// The flag parsing every command shares: a mistake is one line saying what to do, never the parser's words.
import { strict as assert } from "assert";
import { numberFlag, parseCommandArgs } from "../../cli/command";
import { InputError } from "../../project/inputError";

const command = { name: "parity", usage: "usage\n" };
const options = {
    stack: { type: "string" },
    stacks: { type: "string" },
    format: { type: "string" },
    "max-unexplained": { type: "string" },
    "policy-pack": { type: "string", multiple: true },
    verbose: { type: "boolean" },
} as const;

function problem(argv: string[]): string {
    try {
        parseCommandArgs(command, argv, options);
    } catch (err) {
        assert.ok(err instanceof InputError, `an InputError (exit 2), got ${err}`);
        return err.message;
    }
    assert.fail(`accepted ${argv.join(" ")}`);
}

describe("cli: shared flag parsing", () => {
    it("takes a value that starts with a dash as the value, so the flag's own check states its range", () => {
        const args = parseCommandArgs(command, ["--max-unexplained", "-1"], options)!;
        assert.equal(args["max-unexplained"], "-1");
        assert.throws(() => numberFlag("max-unexplained", args["max-unexplained"], 0, Number.MAX_SAFE_INTEGER, true), {
            message: '--max-unexplained: expected a whole number from 0 up, got "-1"',
        });
        // A dash word that is one of the command's flags is still that flag.
        assert.equal(problem(["--format", "--verbose"]), "--format needs a value (one that starts with a dash is written --format=VALUE): see lockstep parity --help");
    });

    it("gives every command -s for --stack", () => {
        assert.equal(parseCommandArgs(command, ["-s", "dev"], options)!.stack, "dev");
    });

    it("refuses an option given twice instead of taking the last, but repeats a repeatable one", () => {
        assert.equal(problem(["--stack", "dev", "-s", "prod"]), '--stack is given 2 times ("dev", "prod"): give it once: see lockstep parity --help');
        assert.deepEqual(parseCommandArgs(command, ["--policy-pack", "a", "--policy-pack", "b"], options)!["policy-pack"], ["a", "b"]);
    });

    it("says each parser mistake plainly, with the closest flag where one is near", () => {
        const cases: Array<[string[], string]> = [
            [["--formt", "json"], "unknown option --formt: did you mean --format?: see lockstep parity --help"],
            [["--since", "3d"], "unknown option --since: see lockstep parity --help"],
            [["--stack"], "--stack needs a value: see lockstep parity --help"],
            [["--verbose=yes"], "--verbose takes no value: see lockstep parity --help"],
            [["dev"], "unexpected argument dev: every value belongs to an option (--name value): see lockstep parity --help"],
        ];
        for (const [argv, message] of cases) assert.equal(problem(argv), message, argv.join(" "));
    });

    it("never lets the parser's own wording through (the class, not the one case)", () => {
        const bad = [["--x"], ["-q"], ["--stack"], ["--verbose=1"], ["a", "b"], ["--stacks", "--"], ["-s"], ["--format", "-s"]];
        for (const argv of bad) {
            const message = problem(argv);
            assert.doesNotMatch(message, /ambiguous|Option '|ERR_PARSE_ARGS|To specify an option argument/, `${argv.join(" ")}: ${message}`);
            assert.match(message, /see lockstep parity --help$/);
        }
    });
});
