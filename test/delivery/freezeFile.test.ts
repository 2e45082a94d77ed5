import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readFreezeFile } from "../../delivery/freezeFile";
import { InputError } from "../../project/inputError";

const stacks = ["dev", "prod", "staging"];
const repoFreezeFile = path.join(__dirname, "..", "..", "stacks", "freeze.yaml");

describe("delivery: freeze.yaml", () => {
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "lockstep-freeze-"))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const read = (text: string) => {
        const file = path.join(dir, "freeze.yaml");
        fs.writeFileSync(file, text);
        return readFreezeFile(file, "stacks/freeze.yaml", stacks);
    };
    const window = (fields: string) => `version: 1\nenvironments:\n  prod:\n    - reason: weekend\n${fields}`;
    const refused = (text: string, message: string) =>
        assert.throws(() => read(text), (err: Error) => {
            assert.ok(err instanceof InputError, String(err));
            assert.strictEqual(err.message, message);
            return true;
        });

    it("reads the shipped file: prod's weekend and year-end windows, with where each is declared", () => {
        const file = readFreezeFile(repoFreezeFile, "stacks/freeze.yaml", stacks);
        assert.deepStrictEqual(Object.keys(file.windows), ["prod"]);
        assert.deepStrictEqual(file.windows.prod.map((w) => [w.kind, w.timeZone, w.source]), [["recurring", "Europe/Berlin", "stacks/freeze.yaml:12"], ["once", "Europe/Berlin", "stacks/freeze.yaml:16"]]);
        assert.deepStrictEqual(file.windows.prod[0], { kind: "recurring", start: { weekday: "Fri", hour: 16, minute: 0 }, end: { weekday: "Mon", hour: 8, minute: 0 }, timeZone: "Europe/Berlin", reason: "no production changes over the weekend", source: "stacks/freeze.yaml:12" });
    });

    it("no file, or a stack without windows, freezes nothing", () => {
        assert.deepStrictEqual(readFreezeFile(path.join(dir, "none.yaml"), "stacks/freeze.yaml", stacks).windows, {});
        assert.deepStrictEqual(read("version: 1\nenvironments:\n  staging:\n").windows, { staging: [] });
    });

    it("accepts a daily window and a one-off given as days", () => {
        const file = read(`${window('      start: "22:00"\n      end: "06:00"\n      timeZone: UTC\n')}    - from: "2026-12-24"\n      to: "2026-12-27"\n      timeZone: America/New_York\n      reason: holidays\n`);
        assert.deepStrictEqual(file.windows.prod.map((w) => w.kind), ["recurring", "once"]);
        assert.deepStrictEqual(file.windows.prod[1].kind === "once" && file.windows.prod[1].to, { year: 2026, month: 12, day: 27, hour: 0, minute: 0 });
    });

    it("refuses an unknown time zone, naming file, line and key", () => {
        refused(window('      start: "Fri 16:00"\n      end: "Mon 08:00"\n      timeZone: Europe/Berln\n'), 'stacks/freeze.yaml:7: environments.prod[0].timeZone: unknown time zone "Europe/Berln": give an IANA zone like Europe/Berlin, America/New_York or UTC');
    });

    it("refuses times that are not times, days that are not days, and empty or inverted windows", () => {
        const tz = "      timeZone: UTC\n";
        refused(window(`      start: "Fri 25:00"\n      end: "Mon 08:00"\n${tz}`), 'stacks/freeze.yaml:5: environments.prod[0].start: "Fri 25:00" is not a time of day (00:00 to 23:59): expected "Fri 16:00" (or "18:00" for every day)');
        refused(window(`      start: "Friday 16:00"\n      end: "Mon 08:00"\n${tz}`), 'stacks/freeze.yaml:5: environments.prod[0].start: "Friday 16:00" is not a weekday and time: expected a day of Mon, Tue, Wed, Thu, Fri, Sat, Sun and a time, like "Fri 16:00" (or "18:00" for every day)');
        refused(window(`      start: "Fri 16:00"\n      end: "Fri 16:00"\n${tz}`), 'stacks/freeze.yaml:6: environments.prod[0].end: "Fri 16:00" is the window\'s start: a window must end at another time');
        refused(window(`      start: "Fri 16:00"\n      end: "08:00"\n${tz}`), 'stacks/freeze.yaml:6: environments.prod[0].end: "Fri 16:00" to "08:00": name a weekday in both (weekly) or in neither (daily)');
        refused(window(`      from: "2026-02-30T00:00"\n      to: "2026-03-02T00:00"\n${tz}`), 'stacks/freeze.yaml:5: environments.prod[0].from: "2026-02-30" is not a day: February 2026 has 28 days: expected a real day like "2026-12-24T00:00"');
        refused(window(`      from: "2026-12-27T00:00"\n      to: "2026-12-24T00:00"\n${tz}`), 'stacks/freeze.yaml:6: environments.prod[0].to: "2026-12-24T00:00" is not after from "2026-12-27T00:00": a window must end after it starts');
        refused(window(`      from: "2026-12-24T00:00Z"\n      to: "2026-12-27T00:00"\n${tz}`), 'stacks/freeze.yaml:5: environments.prod[0].from: "2026-12-24T00:00Z" is not a time: expected "2026-12-24T00:00" (no seconds, no offset: the window\'s timeZone says where)');
        refused(window(`      start: "Fri 16:00"\n      to: "2026-12-24T00:00"\n${tz}`), "stacks/freeze.yaml:4: environments.prod[0]: a window is recurring (start, end) or one-off (from, to), not both: split it in two");
        refused(window(`      start: "Fri 16:00"\n${tz}`), 'stacks/freeze.yaml:4: environments.prod[0]: end is missing: a recurring window needs start and end, e.g. start: "Fri 16:00", end: "Mon 08:00"');
    });

    it("refuses an unknown field, a wrong version, a missing zone and a stack the project lacks", () => {
        refused(window('      start: "Fri 16:00"\n      end: "Mon 08:00"\n      timezone: UTC\n'), "stacks/freeze.yaml:7: environments.prod[0].timezone: unknown field \"timezone\": fix freeze.yaml (window fields: start and end (recurring), or from and to (one-off), timeZone, reason)");
        refused("version: 2\nenvironments: {}\n", "stacks/freeze.yaml:1: version: expected 1 (the version of the freeze file's format): fix freeze.yaml (fields: version, environments)");
        refused("version: 1\nenvironments:\n  prd:\n    - { start: Fri 16:00, end: Mon 08:00, timeZone: UTC, reason: weekend }\n", "stacks/freeze.yaml:3: environments.prd: no stack \"prd\" in this project (did you mean prod?): expected one of dev, prod, staging");
        refused("version: 1\nenvironments:\n  prod:\n    - start: Fri 16:00\n", "stacks/freeze.yaml:4: environments.prod[0].timeZone: expected an IANA time zone like Europe/Berlin, or UTC: fix freeze.yaml (window fields: start and end (recurring), or from and to (one-off), timeZone, reason)");
        refused("version: 1\nenvironments:\n  prod:\n  prod: []\n", "stacks/freeze.yaml:3: Map keys must be unique: fix the YAML");
    });
});
