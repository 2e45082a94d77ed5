// Whether the records show a service's version verified in an environment: its newest deploy succeeded and
// put that version live, a smoke test of it passed since, and (with a soak time) it has run that long since
// it was deployed with no failed smoke test. Pure: the records and the clock are given.
import type { RecordEvent, StoredRecord } from "./releaseRecord";

export type Verdict = { verified: true; since: string; evidence: string[] } | { verified: false; reason: string };

/** Events that change what runs in the stack (a cross-environment promotion only edits the stack file). */
const changesWhatRuns: readonly RecordEvent[] = ["deploy", "flip", "rollback"];

export function verifyService(records: StoredRecord[], stack: string, service: string, version: string, now: Date, soakSeconds: number): Verdict {
    const mine = records.filter((r) => r.record.stack === stack && r.record.service === service);
    const changes = mine.filter((r) => changesWhatRuns.includes(r.record.event));
    const label = `${service} ${version}`;
    if (changes.length === 0) {
        return { verified: false, reason: `no deploy of ${service} is recorded in ${stack}: deploy it and record it (lockstep release record --stack ${stack} --event deploy)` };
    }
    const newest = changes[changes.length - 1].record;
    if (newest.result !== "succeeded") return { verified: false, reason: `the newest ${newest.event} of ${service} in ${stack} (${newest.version}, ended ${newest.endedAt}) failed` };
    if (newest.version !== version) {
        return { verified: false, reason: `${stack} last deployed ${service} ${newest.version} (${newest.event}, ended ${newest.endedAt}), not ${version} as its stack file says: deploy ${stack} first` };
    }
    // Since when the version has run without a break: the oldest of the newest unbroken run of successful changes to it.
    let first = changes.length - 1;
    while (first > 0 && changes[first - 1].record.result === "succeeded" && changes[first - 1].record.version === version) first--;
    const deployed = changes[first];
    const since = deployed.record.endedAt;
    const smokes = mine.filter((r) => r.record.smoke !== null && r.record.version === version && Date.parse(r.record.endedAt) >= Date.parse(since));
    const passing = smokes.filter((r) => r.record.smoke!.passed);
    if (passing.length === 0) return { verified: false, reason: `no passing smoke test of ${label} is recorded in ${stack} since it was deployed (${since}): run lockstep smoke --stack ${stack}` };
    const newestSmoke = smokes[smokes.length - 1];
    if (!newestSmoke.record.smoke!.passed) return { verified: false, reason: `the newest smoke test of ${label} in ${stack} failed (ended ${newestSmoke.record.endedAt})` };
    if (soakSeconds > 0) {
        const failed = smokes.find((r) => !r.record.smoke!.passed);
        if (failed) return { verified: false, reason: `a smoke test of ${label} in ${stack} failed during the soak (ended ${failed.record.endedAt})` };
        const ranSeconds = (now.getTime() - Date.parse(since)) / 1000;
        if (ranSeconds < soakSeconds) {
            const ready = new Date(Date.parse(since) + soakSeconds * 1000).toISOString();
            return { verified: false, reason: `${label} has run in ${stack} for ${formatDuration(ranSeconds)} of its soak time of ${formatDuration(soakSeconds)}: promote after ${ready}` };
        }
    }
    return { verified: true, since, evidence: [deployed.key, passing[passing.length - 1].key] };
}

/** `90s`, `30m`, `1h30m`, `2h`, or `0`: seconds. */
export function parseDuration(text: string): number | undefined {
    const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
    if (text === "0") return 0;
    if (!match || text === "") return undefined;
    return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

export function formatDuration(seconds: number): string {
    const s = Math.max(0, Math.floor(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const rest = s % 60;
    return [h ? `${h}h` : "", m ? `${m}m` : "", rest || (!h && !m) ? `${rest}s` : ""].join("");
}
