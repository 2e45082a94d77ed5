// A month of delivery as release records, for the metrics tests and test/fixtures/records (which the
// README's examples read): payments-api and checkout go dev → staging → prod through lockstep promote,
// with a failed prod deploy, rollbacks of 3, exactly 5 and 7 minutes, and a hotfix deployed to prod
// without a promotion. Keys are deterministic so that the committed fixture can be checked against it.
import * as fs from "fs";
import * as path from "path";
import { recordKey, recordText, type ReleaseRecord, type StoredRecord } from "../../delivery/releaseRecord";
import { aRecord } from "./recordFixtures";

export interface ScenarioCommit {
    sha: string;
    time: number;
}

/** The commits of this repository the committed fixture names (their times as git has them). */
export const fixtureCommits: ScenarioCommit[] = [
    { sha: "c39a5079caae42a35cd0a13986b09678d523595d", time: Date.parse("2026-11-22T03:15:02Z") },
    { sha: "aa5e46adef882e6b8174eb3abcbc9c08e8a66888", time: Date.parse("2026-11-22T06:18:12Z") },
    { sha: "b686bb11f420aaf6af74c7e8d1c4b510c3d53def", time: Date.parse("2026-12-02T05:29:17Z") },
    { sha: "8fb504fbaf3c50b9e3a6398ebbbea2904783b848", time: Date.parse("2026-12-02T07:13:45Z") },
];

/** The window that holds the whole scenario, as `--until 2026-12-03 --since 14d` gives it. */
export const fixtureNow = Date.parse("2026-12-03T23:59:59.999Z");

const versions = ["1.9.0", "1.9.1", "1.10.0", "1.10.1"];
const minute = 60_000;

interface Event {
    commit: string;
    /** Default: what the stack runs. */
    version?: string;
    result?: ReleaseRecord["result"];
    smoke?: ReleaseRecord["smoke"];
    verification?: ReleaseRecord["verification"];
}

export function deliveryScenario(commits: readonly ScenarioCommit[]): StoredRecord[] {
    const out: StoredRecord[] = [];
    let update = 0;
    const initial = () => ({ "payments-api": "1.8.2", checkout: "2.3.1" }) as Record<string, string>;
    const live: Record<string, Record<string, string>> = { dev: initial(), staging: initial(), prod: initial() };
    const add = (stack: string, event: ReleaseRecord["event"], services: string[], start: number, end: number, e: Event): string[] => {
        const id = event === "deploy" || event === "rollback" ? String(++update) : null;
        return services.map((service) => {
            const version = e.version ?? live[stack][service];
            const record = aRecord({
                event,
                stack,
                service,
                version,
                result: e.result ?? "succeeded",
                release: { id: "0123456789ab", commit: e.commit, services: Object.entries(live[stack]).map(([name, v]) => ({ name, version: v })) },
                updateId: id,
                smoke: e.smoke ?? null,
                verification: e.verification ?? null,
                startedAt: new Date(start).toISOString(),
                endedAt: new Date(end).toISOString(),
                summary: `${event} of ${service} ${version} in ${stack} ${e.result ?? "succeeded"}`,
            });
            const key = recordKey(record, String(out.length).padStart(12, "0"));
            out.push({ key, record });
            return key;
        });
    };
    const both = ["payments-api", "checkout"];
    const deployAndSmoke = (stack: string, start: number, minutes: number, commit: string): Record<string, string[]> => {
        const deployed = add(stack, "deploy", both, start, start + minutes * minute, { commit });
        const smoked = add(stack, "smoke", both, start + (minutes + 1) * minute, start + (minutes + 2) * minute, { commit, smoke: { passed: true, checks: [{ name: "health", passed: true }] } });
        return Object.fromEntries(both.map((s, i) => [s, [deployed[i], smoked[i]]]));
    };
    const promote = (from: string, to: string, services: string[], at: number, evidence: Record<string, string[]>, commit: string) => {
        for (const s of services) {
            live[to][s] = live[from][s];
            add(to, "promote", [s], at, at + minute, { commit, verification: { fromStack: from, fromReleaseId: "0123456789ab", soakSeconds: 0, evidence: evidence[s] } });
        }
    };
    const rollback = (stack: string, version: string, start: number, minutes: number, commit: string) => {
        live[stack]["payments-api"] = version;
        add(stack, "rollback", ["payments-api"], start, start + minutes * minute, { commit });
    };
    const day = 24 * 60 * minute;

    commits.forEach((c, k) => {
        const t = c.time;
        const services = k === 0 ? both : ["payments-api"];
        live.dev["payments-api"] = versions[k];
        if (k === 0) live.dev.checkout = "2.4.0";
        let devEvidence = deployAndSmoke("dev", t + 10 * minute, 8, c.sha);
        if (k === 1) {
            rollback("dev", "1.9.0", t + 30 * minute, 7, c.sha); // 7 minutes
            live.dev["payments-api"] = versions[k];
            devEvidence = deployAndSmoke("dev", t + 40 * minute, 8, c.sha);
        }
        if (k === 3) {
            // A hotfix straight to prod: deployed there by hand, never promoted.
            live.prod["payments-api"] = versions[k];
            add("prod", "deploy", both, t + 120 * minute, t + 135 * minute, { commit: c.sha });
            return;
        }
        promote("dev", "staging", services, t + 60 * minute, devEvidence, c.sha);
        let stagingEvidence = deployAndSmoke("staging", t + 65 * minute, 12, c.sha);
        if (k === 2) {
            rollback("staging", "1.9.1", t + 90 * minute, 5, c.sha); // exactly 5 minutes
            live.staging["payments-api"] = versions[k];
            stagingEvidence = deployAndSmoke("staging", t + 100 * minute, 12, c.sha);
        }
        promote("staging", "prod", services, t + day, stagingEvidence, c.sha);
        if (k === 1) add("prod", "deploy", both, t + day + 2 * minute, t + day + 9 * minute, { commit: c.sha, result: "failed" });
        deployAndSmoke("prod", t + day + 10 * minute, 15, c.sha);
        if (k === 1) rollback("prod", "1.9.0", t + day + 120 * minute, 3, c.sha); // 3 minutes
    });
    return out.sort((a, b) => Date.parse(a.record.endedAt) - Date.parse(b.record.endedAt) || a.key.localeCompare(b.key));
}

export function writeScenario(dir: string, records: readonly StoredRecord[]): void {
    for (const { key, record } of records) {
        const file = path.join(dir, ...key.split("/"));
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, recordText(record));
    }
}
