// Deployed state through the Pulumi CLI (`--live`): only when the CLI is installed.
import { execFileSync } from "child_process";
import { InputError } from "../../project/inputError";
import { stateExportFrom, type StateExport } from "./stateExport";

export function pulumiCliInstalled(): boolean {
    try {
        execFileSync("pulumi", ["version"], { stdio: "ignore" });
        return true;
    } catch {
        return false;
    }
}

export function readLiveState(projectDir: string, stack: string): StateExport {
    if (!pulumiCliInstalled()) {
        throw new InputError("--live: the Pulumi CLI (pulumi) is not installed or not on PATH: install it, or export each stack with pulumi stack export --file <stack>.json and pass --state DIR");
    }
    let text: string;
    try {
        text = execFileSync("pulumi", ["stack", "export", "--stack", stack, "--cwd", projectDir], { encoding: "utf8", maxBuffer: 1 << 30 });
    } catch (err) {
        throw new InputError(`--live: pulumi stack export --stack ${stack} failed (${String((err as Error).message).split("\n")[0]}): check pulumi login and the stack name`);
    }
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch {
        throw new InputError(`--live: pulumi stack export --stack ${stack} did not print JSON`);
    }
    return stateExportFrom(doc, `pulumi stack export --stack ${stack}`);
}
