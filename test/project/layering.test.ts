// The house's rules, read from the sources: dependencies point one way. The CLI depends on the core,
// never the reverse, and the analyzer host judges what it is given without knowing how it was rendered.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");

/** Every relative module a source file imports or requires, resolved to a path from the repository root. */
function importsOf(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    const specifiers = [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)["'](\.[^"']+)["']/g)].map((m) => m[1]);
    return specifiers.map((s) => path.relative(root, path.resolve(path.dirname(file), s)));
}

function sources(dir: string): string[] {
    return fs.readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts")).map((f) => path.join(root, dir, f));
}

function offending(dirs: string[], forbidden: string): string[] {
    return dirs.flatMap((dir) => sources(dir).flatMap((file) => importsOf(file).filter((to) => to === forbidden || to.startsWith(forbidden + path.sep)).map((to) => `${path.relative(root, file)} imports ${to}`)));
}

describe("layering", () => {
    it("reads imports the way the rules below need (the reader itself is checked)", () => {
        const file = path.join(root, "app", "renderProgram.ts");
        assert.ok(importsOf(file).includes(path.join("render", "renderStack")), "a lazy require is seen");
        assert.ok(importsOf(file).includes(path.join("project", "inputError")), "an import is seen");
    });

    it("nothing under the core imports the CLI", () => {
        assert.deepEqual(offending(["app", "parity", "delivery", "analyzer", "render", "components", "project"], "cli"), []);
    });

    it("the analyzer host imports nothing from the render", () => {
        assert.deepEqual(offending(["analyzer"], "render"), []);
    });

    it("the components (the program's code) import nothing of the tool", () => {
        for (const tool of ["app", "cli", "analyzer", "parity", "delivery", "render"]) assert.deepEqual(offending(["components"], tool), []);
    });
});
