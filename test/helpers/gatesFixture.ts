// Renders the gates fixture program with named breakages and evaluates it through the analyzer host.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzerResources } from "../../analyzer/analyzerResources";
import { PackSession } from "../../analyzer/packSession";
import type { PolicyConfigMap } from "../../analyzer/policyConfig";
import type { Violation } from "../../analyzer/previewReport";
import { secretValues } from "../../analyzer/propertyEncoding";
import { violationsOf } from "../../analyzer/violations";
import { renderStack, type RenderedStack } from "../../render/renderStack";

export const repositoryDir = path.resolve(__dirname, "../..");
export const gatesPack = path.join(repositoryDir, "policies");
export const fixtureProgram = path.join(repositoryDir, "test/fixtures/gates-program");
export const fixturePacks = path.join(repositoryDir, "test/fixtures/packs");

export const validApprovals: PolicyConfigMap = {
    "deployment-change-approval": { properties: { approvers: ["bob", "carol"], author: "alice" } },
};

let caseProgram: string | undefined;

/** A copy of the fixture program in a temporary directory, made once per run: cases write stack files there, never into the source tree. */
function caseProgramDir(): string {
    if (caseProgram === undefined) {
        caseProgram = fs.mkdtempSync(path.join(os.tmpdir(), "lockstep-gates-fixture-"));
        fs.cpSync(fixtureProgram, caseProgram, { recursive: true });
        fs.symlinkSync(path.join(repositoryDir, "node_modules"), path.join(caseProgram, "node_modules"), "dir");
    }
    return caseProgram;
}

/** A stack named `<environment>-case-...` is judged as that environment. */
export async function renderCase(environment: string, breaks: string[] = []): Promise<RenderedStack> {
    if (breaks.length === 0) return renderStack({ projectDir: fixtureProgram, stack: environment });
    const stack = `${environment}-case-${breaks.join("-")}`;
    const projectDir = caseProgramDir();
    const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
    fs.writeFileSync(file, `config:\n  gates-fixture:breaks: ${JSON.stringify(breaks)}\n`);
    try {
        return await renderStack({ projectDir, stack });
    } finally {
        fs.rmSync(file, { force: true });
    }
}

export function openPack(environment: string, directory = gatesPack, project = "gates-fixture"): Promise<PackSession> {
    return PackSession.open({ directory, project, stack: environment });
}

export async function evaluate(session: PackSession, rendered: RenderedStack, userConfig: PolicyConfigMap = {}): Promise<Violation[]> {
    await session.configure(userConfig);
    const diagnostics = await session.evaluate(analyzerResources(rendered.resources, "inputs"), analyzerResources(rendered.resources, "outputs"));
    const root = rendered.resources.find((r) => r.type === "pulumi:pulumi:Stack")!.urn;
    return violationsOf(diagnostics, session.info, root, secretValues(rendered.resources.flatMap((r) => [r.inputs, r.outputs])));
}

/** The last line of a violation: the pack puts the policy's description first. */
export const detail = (v: Violation) => v.message.split("\n").pop();

/**
 * A running pack process of `directory` ("pid: command line"), if any: one running run-policy-pack with
 * the pack directory as its working directory, as the CLI (and so the host) starts it.
 */
export function packProcessIn(directory: string): string | undefined {
    for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
        try {
            const args = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
            const state = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0];
            if (args.includes("run-policy-pack") && fs.readlinkSync(`/proc/${pid}/cwd`) === fs.realpathSync(directory) && state !== "Z") return `${pid}: ${args}`;
        } catch {
            // gone meanwhile
        }
    }
    return undefined;
}

/** Whether the process `pid` runs (a zombie does not count). */
export function running(pid: number): boolean {
    try {
        return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
    } catch {
        return false;
    }
}

export async function eventually(check: () => boolean, timeoutMs = 3000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
        if (check()) return true;
        await new Promise((r) => setTimeout(r, 50));
    }
    return check();
}
