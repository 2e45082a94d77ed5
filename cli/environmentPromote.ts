// `lockstep promote --from dev --to staging`: copies the release the source environment's records verify
// into the target's stack file (comments kept, atomically), prints the change as a unified diff, commits
// it when asked, and records the promotion in the target's records.
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { stackFileWithEdits } from "../delivery/configEdit";
import { planPromotion, type PromotedService } from "../delivery/environmentPromotion";
import { commitFile, pushFileToNewBranch } from "../delivery/gitRepository";
import { openPullRequest, pullRequestTarget } from "../delivery/pullRequest";
import { parseDuration, verifyService, type Verdict } from "../delivery/promotionGate";
import { recordPrefix, type ReleaseRecord } from "../delivery/releaseRecord";
import { readRecords, writeRecords } from "../delivery/releaseRecords";
import { findRelease } from "../delivery/serviceReleases";
import { InputError } from "../project/inputError";
import { readProject, stackFilePath } from "../project/pulumiProject";
import { ExitCode, oneOf, required } from "./command";
import { withFileLock } from "./fileLock";
import { freezeVerdict } from "./freezeOptions";
import { writeFileAtomically } from "./output";
import { actor, recordedRelease, recordStores, stackRelease } from "./releaseRecordsOptions";

export const environmentPromoteOptionSpecs = {
    from: { type: "string" },
    to: { type: "string" },
    release: { type: "string" },
    soak: { type: "string" },
    commit: { type: "boolean" },
    "pull-request": { type: "boolean" },
    "from-records": { type: "string" },
    "approved-by": { type: "string", multiple: true },
} as const;

export const environmentPromoteHelp = `  --from ENV --to ENV    promote between environments: copy the release verified in ENV (--from) into
                         stacks/Pulumi.<--to>.yaml, only if ENV's records show its newest deploy
                         succeeded with that release, a smoke test of it passed since, and it has run
                         for the soak time. Blue-green services get their idle colour (flip them
                         afterwards with promote --stack). Refuses with the reason, exit 1.
  --service SVC          with --from/--to: only this service (default: every service)
  --release ID           with --from/--to: the release id (lockstep release show) that must be ENV's
  --soak DURATION        with --from/--to: how long the release must have run in ENV, e.g. 30m, 1h
                         (default: $LOCKSTEP_SOAK, else 0)
  --commit               with --from/--to: commit the stack file, naming the release
  --pull-request         with --from/--to: push that commit to a new branch and open a pull request on
                         GitHub instead (GITHUB_TOKEN or GH_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL, as
                         a workflow has them); the checkout's stack file stays as it was
  --from-records WHERE   where ENV's records are (default: --records); the promotion is recorded in
                         --records (the target environment's)
  --approved-by NAME     who approved the promotion, for its record (repeatable)`;

type Flags = { [K in keyof typeof environmentPromoteOptionSpecs]?: (typeof environmentPromoteOptionSpecs)[K] extends { type: "boolean" } ? boolean : (typeof environmentPromoteOptionSpecs)[K] extends { multiple: true } ? string[] : string } & {
    service?: string;
    format?: string;
    dir?: string;
    records?: string;
    "s3-endpoint"?: string;
    freeze?: string;
    "break-glass"?: string;
    "policy-pack-config"?: string;
};

export async function promoteBetweenEnvironments(args: Flags): Promise<number> {
    const from = required("from", args.from, "--from dev");
    const to = required("to", args.to, "--to staging");
    if (from === to) throw new InputError(`--from ${from} --to ${to}: the same environment: promote from one environment to another`);
    const format = oneOf("format", args.format, ["text", "json"] as const, "text");
    const soakText = args.soak ?? (process.env.LOCKSTEP_SOAK || "0");
    const soakSeconds = parseDuration(soakText);
    if (soakSeconds === undefined) throw new InputError(`--soak ${soakText}: expected a duration like 30m, 1h or 90s`);
    if (args.commit && args["pull-request"]) throw new InputError("--commit and --pull-request: give one (--pull-request commits on a new branch)");
    // Before anything is read or written: a pull request needs the token and the repository.
    const github = args["pull-request"] ? pullRequestTarget(process.env) : undefined;
    const project = readProject(args.dir ?? ".");
    const source = stackRelease(project, from);
    stackRelease(project, to); // an unknown target is bad input before any record is read
    if (args.release !== undefined && args.release !== source.release.id) {
        throw new InputError(`--release ${args.release}: unknown to ${from}, whose release is ${source.release.id}: see lockstep release show --stack ${from}`);
    }
    const names = args.service === undefined ? source.release.services.map((s) => s.name) : [findRelease(source.services, args.service, source.stackFile.file).name];
    const now = new Date();
    const freeze = freezeVerdict(project, to, args, now); // bad freeze input is exit 2 before any record is read
    const sourceStores = recordStores(project, args, "from-records", args["from-records"] ?? args.records);
    const targetStores = recordStores(project, args);

    const verdicts: { name: string; version: string; verdict: Verdict }[] = [];
    for (const name of names) {
        const version = source.release.services.find((s) => s.name === name)!.version;
        verdicts.push({ name, version, verdict: verifyService(await readRecords(sourceStores.read, name, from), from, name, version, now, soakSeconds) });
    }
    const refusals = verdicts.flatMap((v) => (v.verdict.verified ? [] : [v.verdict.reason]));
    if (refusals.length === 0 && !freeze.allowed) refusals.push(freeze.reason);
    if (refusals.length > 0) {
        const reason = `promotion of ${from} release ${source.release.id} to ${to} refused: ${refusals.join("; ")}`;
        process.stdout.write(format === "json" ? `${JSON.stringify({ schemaVersion: 1, ok: false, from, to, release: source.release.id, reason }, null, 2)}\n` : `refused: ${reason}\n`);
        return ExitCode.GateFailed;
    }

    const targetPath = stackFilePath(project, to);
    return withFileLock(targetPath, async () => {
        // Read under the lock: another promotion may have just written the file.
        const target = stackRelease(project, to);
        const before = fs.readFileSync(targetPath, "utf8");
        const plan = planPromotion(source.release, names, target.services, target.stackFile.file);
        const changed = plan.filter((p) => p.edit !== undefined);
        const evidence = verdicts.map((v) => ({ service: v.name, version: v.version, ...(v.verdict as Extract<Verdict, { verified: true }>) }));
        if (changed.length === 0) {
            if (format === "json") process.stdout.write(`${JSON.stringify({ schemaVersion: 1, ok: true, from, to, release: source.release.id, services: plan.map(describe(evidence)), diff: "", stackFileWritten: null, commit: null, records: [] }, null, 2)}\n`);
            else process.stdout.write(`nothing to promote: ${to} has ${from}'s release ${source.release.id} already (${plan.map((p) => `${p.service} ${p.change}`).join("; ")})\n`);
            return ExitCode.Ok;
        }
        // The bucket answers before anything is written: a promotion is never left without its record for want of a reachable store.
        await targetStores.write[0].list(recordPrefix(changed[0].service, to));
        const after = stackFileWithEdits(before, target.stackFile.file, changed.map((p) => p.edit!));
        const startedAt = now.toISOString();
        writeFileAtomically(targetPath, after);
        let commit: string | null = null;
        let pullRequest: { number: number; url: string; branch: string } | null = null;
        const breakGlass = freeze.breakGlass ? `\nBreak glass during ${freeze.breakGlass.windows.join(" and ")}: ${freeze.breakGlass.reason} (approved by ${freeze.breakGlass.approvers.join(", ")}).\n` : "";
        const message = commitMessage(from, to, source.release.id, changed) + breakGlass;
        if (args.commit) {
            try {
                commit = commitFile(targetPath, message);
            } catch (err) {
                writeFileAtomically(targetPath, before); // a failed commit leaves the file as it was
                throw err;
            }
        }
        const promoted = stackRelease(project, to).release;
        if (github) {
            // The change goes to a branch of its own; the checkout keeps the file as it was until the pull request merges.
            const branch = `lockstep/promote-${from}-to-${to}-${source.release.id}-${randomBytes(3).toString("hex")}`;
            let pushed: { commit: string; base: string };
            try {
                pushed = pushFileToNewBranch(targetPath, branch, message);
            } finally {
                writeFileAtomically(targetPath, before);
            }
            const [title, ...rest] = message.split("\n");
            const opened = await openPullRequest(github, { title, body: `${rest.join("\n").trim()}\n\nOpened by lockstep promote --from ${from} --to ${to}.`, head: branch, base: pushed.base });
            commit = pushed.commit;
            pullRequest = { ...opened, branch };
        }
        const records: ReleaseRecord[] = changed.map((p) => ({
            schemaVersion: 1,
            event: "promote",
            stack: to,
            service: p.service,
            version: p.version,
            result: "succeeded",
            release: recordedRelease(promoted),
            updateId: null,
            approvedBy: args["approved-by"] ?? [],
            actor: actor(),
            smoke: null,
            verification: { fromStack: from, fromReleaseId: source.release.id, soakSeconds, evidence: evidence.find((e) => e.service === p.service)!.evidence },
            startedAt,
            endedAt: new Date().toISOString(),
            summary: `${p.service} ${p.version} promoted from ${from} to ${to}: ${p.change}${pullRequest ? ` (pull request ${pullRequest.url})` : ""}`,
            ...(freeze.breakGlass ? { breakGlass: freeze.breakGlass } : {}),
        }));
        let keys: string[];
        try {
            keys = await writeRecords(targetStores.write, records);
        } catch (err) {
            throw new InputError(`${(err as Error).message} (${target.stackFile.file} was written${commit ? ` and committed as ${commit.slice(0, 12)}` : ""}, its promotion record was not)`);
        }
        const file = target.stackFile.file;
        const diff = unifiedDiff(file, before, after);
        if (format === "json") {
            process.stdout.write(`${JSON.stringify({ schemaVersion: 1, ok: true, from, to, release: source.release.id, services: plan.map(describe(evidence)), diff, stackFileWritten: pullRequest ? null : file, commit, pullRequest, records: keys.map((k) => targetStores.write[0].where(k)) }, null, 2)}\n`);
            return ExitCode.Ok;
        }
        const lines = [
            `verified in ${from}: ${evidence.map((e) => `${e.service} ${e.version} (running since ${e.since}, smoke test passed)`).join("; ")}`,
            diff.trimEnd(),
            `promoted ${from} release ${source.release.id} to ${to}: ${plan.map((p) => `${p.service} ${p.change}`).join("; ")}`,
            pullRequest
                ? `opened pull request #${pullRequest.number} ${pullRequest.url} (branch ${pullRequest.branch}, commit ${commit!.slice(0, 12)}); ${file} in this checkout is as it was until it merges`
                : `wrote ${path.relative(process.cwd(), targetPath) || file} (comments kept)${commit ? `; committed ${commit.slice(0, 12)}` : ": commit it (or re-run with --commit)"}`,
            ...changed.filter((p) => p.edit!.field[0] === "versions").map((p) => `${p.service} ${p.version} is on ${to}'s idle colour: deploy ${to}, then flip with lockstep promote --stack ${to} --service ${p.service} --version ${p.version}`),
            ...keys.map((k) => `recorded ${targetStores.write[0].where(k)}`),
        ];
        process.stdout.write(`${lines.join("\n")}\n`);
        return ExitCode.Ok;
    });
}

function describe(evidence: { service: string; since: string; evidence: string[] }[]) {
    return (p: PromotedService) => {
        const e = evidence.find((x) => x.service === p.service)!;
        return { service: p.service, version: p.version, change: p.change, changed: p.edit !== undefined, runningSince: e.since, evidence: e.evidence };
    };
}

function commitMessage(from: string, to: string, id: string, changed: PromotedService[]): string {
    return `Promote ${from} release ${id} to ${to}: ${changed.map((p) => `${p.service} ${p.version}`).join(", ")}\n\n${changed.map((p) => `${p.service}: ${p.change}`).join("\n")}\n\nVerified by lockstep promote --from ${from} --to ${to} from ${from}'s release records.\n`;
}

/** A unified diff of the stack file, `a/` and `b/` as git shows it (the diff package: no diff of our own). */
function unifiedDiff(file: string, before: string, after: string): string {
    const { createTwoFilesPatch } = require("diff") as typeof import("diff");
    const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, { context: 3 });
    return patch.slice(patch.indexOf("--- "));
}
