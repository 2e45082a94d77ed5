import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { calendarDateProblem } from "../../project/calendarDate";
import { InputError } from "../../project/inputError";
import { readParitySettings } from "../../parity/rulesFile";

function rulesFile(text: string): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "parity-rules-")), "parity.yaml");
    fs.writeFileSync(file, text);
    return file;
}

const rule = (expires: string) => `baseline: prod\nintended:\n  - path: demo:size\n    reason: dev runs on the smallest size to save cost\n    expires: ${expires}\n`;

describe("parity.yaml rule expiry dates", () => {
    it("takes real days, leap days included", () => {
        for (const day of ['"2027-06-30"', '"2028-02-29"', "2027-12-31", '"2027-01-01"']) {
            assert.equal(readParitySettings(rulesFile(rule(day)), "parity.yaml").rules[0].expires, day.replace(/"/g, ""));
        }
    });

    it("refuses impossible days with the file, the line and what to write", () => {
        const cases: [string, RegExp][] = [
            ['"2027-02-30"', /^parity\.yaml:5: intended\[0\]\.expires: "2027-02-30" is not a day: February 2027 has 28 days: expected a real day like "2027-06-30": fix parity\.yaml \(rule fields/],
            ['"2099-13-45"', /^parity\.yaml:5: intended\[0\]\.expires: "2099-13-45" has no month 13 \(months are 01 to 12\)/],
            ['"2026-02-29"', /^parity\.yaml:5: intended\[0\]\.expires: "2026-02-29" is not a day: February 2026 has 28 days/],
            ['"2027-04-31"', /April 2027 has 30 days/],
            ['"2027-00-10"', /has no month 00/],
            ['"2027-01-00"', /January 2027 has 31 days/],
            ['"27-1-31"', /"27-1-31" is not a date in the form YYYY-MM-DD/],
            ["20270131", /intended\[0\]\.expires: expected a quoted date like "2027-06-30"/],
        ];
        for (const [day, message] of cases) {
            assert.throws(() => readParitySettings(rulesFile(rule(day)), "parity.yaml"), (e: Error) => e instanceof InputError && message.test(e.message), day);
        }
    });

    it("calendarDateProblem knows the length of every month", () => {
        assert.equal(calendarDateProblem("2024-02-29"), undefined);
        assert.equal(calendarDateProblem("2100-02-29"), '"2100-02-29" is not a day: February 2100 has 28 days');
        assert.equal(calendarDateProblem("2000-02-29"), undefined);
        assert.equal(calendarDateProblem("2027-09-31"), '"2027-09-31" is not a day: September 2027 has 30 days');
    });
});

describe("parity.yaml rules that would explain everything, and an empty file", () => {
    it("refuses a pattern of only wildcards, naming its line", () => {
        const cases: [string, RegExp][] = [
            ['intended:\n  - path: "**"\n    reason: everything differs on purpose\n', /^parity\.yaml:2: intended\[0\]\.path: "\*\*" matches every setting, so the rule would explain all drift: name the settings its reason is about/],
            ['intended:\n  - path: demo:size\n    reason: dev is smaller to save cost\n  - path: [demo:zone, "*:**"]\n    reason: everything else too, apparently\n', /^parity\.yaml:4: intended\[1\]\.path: "\*:\*\*" matches every setting/],
            ['intended:\n  - path: "*"\n    reason: everything differs on purpose\n', /"\*" matches every setting/],
            ['intended:\n  - path: "**.*"\n    reason: everything differs on purpose\n', /"\*\*\.\*" matches every setting/],
        ];
        for (const [text, message] of cases) {
            assert.throws(() => readParitySettings(rulesFile(text), "parity.yaml"), (e: Error) => e instanceof InputError && message.test(e.message), text);
        }
        assert.equal(readParitySettings(rulesFile('intended:\n  - path: "**/@protect"\n    reason: only prod protects its resources\n'), "parity.yaml").rules.length, 1);
    });

    it("warns of an empty file (or one of comments only), and not of a file that sets something", () => {
        for (const text of ["", "# rules to come\n", "\n\n"]) {
            assert.deepEqual(readParitySettings(rulesFile(text), "parity.yaml").warnings, [
                "parity.yaml: the file is empty: the defaults apply (baseline prod, threshold 90, max unexplained 0) and no difference is intended; declare them under intended:, or delete the file",
            ]);
        }
        assert.deepEqual(readParitySettings(rulesFile("threshold: 95\n"), "parity.yaml").warnings, []);
    });
});

describe("parity.yaml wording", () => {
    it("says what each field accepts in plain words, never zod's", () => {
        const cases: [string, string][] = [
            ["threshold: 120\n", "parity.yaml:1: threshold: expected a number at most 100: fix parity.yaml (fields: baseline, threshold, maxUnexplained, keyedLists, intended)"],
            ["maxUnexplained: -1\n", "parity.yaml:1: maxUnexplained: expected a number at least 0: fix parity.yaml (fields: baseline, threshold, maxUnexplained, keyedLists, intended)"],
            ["baseline: 3\n", "parity.yaml:1: baseline: expected a string: fix parity.yaml (fields: baseline, threshold, maxUnexplained, keyedLists, intended)"],
            ["intended:\n  - reason: dev runs on the smallest size to save cost\n", "parity.yaml:2: intended[0].path: expected a setting pattern like \"lockstep:services.*.replicas\", or a list of them: fix parity.yaml (rule fields: path, reason, expected, owner, expires)"],
        ];
        for (const [text, message] of cases) assert.throws(() => readParitySettings(rulesFile(text), "parity.yaml"), (e: Error) => e instanceof InputError && e.message === message, text);
    });
});
