// A throwaway copy of the lockstep project's config (Pulumi.yaml and stacks/) with edits, for
// exercising bad input without touching the real files.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "./runCli";

export function tempProject(edits: Record<string, string | ((text: string) => string)> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lockstep-project-"));
    fs.mkdirSync(path.join(dir, "stacks"));
    for (const file of ["Pulumi.yaml", ...fs.readdirSync(path.join(repoRoot, "stacks")).map((f) => `stacks/${f}`)]) {
        fs.copyFileSync(path.join(repoRoot, file), path.join(dir, file));
    }
    // The program itself, a copy of the repository's (its own module, so each render runs it afresh).
    const program = fs.readFileSync(path.join(repoRoot, "index.ts"), "utf8");
    fs.writeFileSync(path.join(dir, "index.ts"), program.replace('"./components"', JSON.stringify(path.join(repoRoot, "components"))));
    // Node resolves the link to the repository's node_modules: one @pulumi/pulumi runtime for all.
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
    for (const [file, edit] of Object.entries(edits)) {
        const full = path.join(dir, file);
        const before = fs.existsSync(full) ? fs.readFileSync(full, "utf8") : "";
        fs.writeFileSync(full, typeof edit === "string" ? edit : edit(before));
    }
    return dir;
}
