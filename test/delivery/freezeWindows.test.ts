import * as assert from "assert";
import { describeWindow, freezeAt, intervalsOf, type FreezeWindow, type OneOffWindow, type RecurringWindow } from "../../delivery/freezeWindows";

const weekend: RecurringWindow = { kind: "recurring", start: { weekday: "Fri", hour: 16, minute: 0 }, end: { weekday: "Mon", hour: 8, minute: 0 }, timeZone: "Europe/Berlin", reason: "weekend" };
const nights: RecurringWindow = { kind: "recurring", start: { hour: 22, minute: 0 }, end: { hour: 6, minute: 0 }, timeZone: "America/New_York", reason: "nights" };
const holidays: OneOffWindow = { kind: "once", from: { year: 2026, month: 12, day: 24, hour: 0, minute: 0 }, to: { year: 2026, month: 12, day: 29, hour: 12, minute: 0 }, timeZone: "Europe/Berlin", reason: "holidays" };
const at = (iso: string) => new Date(iso);
const iso = (d: Date | undefined) => d?.toISOString();

describe("delivery: freeze windows", () => {
    it("a weekend window holds from Friday 16:00 to Monday 08:00 on the zone's clock, across midnight and the weekend", () => {
        // 2026-07-10 is a Friday; Berlin is UTC+2 in July.
        assert.strictEqual(freezeAt(at("2026-07-10T13:59:59Z"), [weekend]).frozen, false);
        const friday = freezeAt(at("2026-07-10T14:00:00Z"), [weekend]);
        assert.deepStrictEqual([friday.frozen, iso(friday.active[0].start), iso(friday.until)], [true, "2026-07-10T14:00:00.000Z", "2026-07-13T06:00:00.000Z"]);
        assert.strictEqual(iso(freezeAt(at("2026-07-12T23:30:00Z"), [weekend]).until), "2026-07-13T06:00:00.000Z", "Sunday night, Monday in Berlin");
        const monday = freezeAt(at("2026-07-13T06:00:00Z"), [weekend]);
        assert.deepStrictEqual([monday.frozen, iso(monday.next?.start)], [false, "2026-07-17T14:00:00.000Z"], "the end is exclusive; the next Friday comes next");
    });

    it("keeps the wall times across DST changes (Berlin leaves summer time on 2026-10-25)", () => {
        const autumn = freezeAt(at("2026-10-24T12:00:00Z"), [weekend]);
        // Friday 2026-10-23 16:00 CEST = 14:00Z; Monday 2026-10-26 08:00 CET = 07:00Z.
        assert.deepStrictEqual([iso(autumn.active[0].start), iso(autumn.until)], ["2026-10-23T14:00:00.000Z", "2026-10-26T07:00:00.000Z"]);
        // New York enters summer time on 2026-03-08 at 02:00: the night of the 7th is an hour shorter.
        const night = freezeAt(at("2026-03-08T05:00:00Z"), [nights]);
        assert.deepStrictEqual([iso(night.active[0].start), iso(night.until)], ["2026-03-08T03:00:00.000Z", "2026-03-08T10:00:00.000Z"]);
        assert.strictEqual(freezeAt(at("2026-03-08T10:30:00Z"), [nights]).frozen, false, "06:30 EDT");
    });

    it("a daily window across midnight holds before and after it", () => {
        assert.strictEqual(freezeAt(at("2026-01-15T03:30:00Z"), [nights]).frozen, true, "22:30 EST");
        assert.strictEqual(freezeAt(at("2026-01-15T10:30:00Z"), [nights]).frozen, true, "05:30 EST");
        const day = freezeAt(at("2026-01-15T16:00:00Z"), [nights]);
        assert.deepStrictEqual([day.frozen, iso(day.next?.start)], [false, "2026-01-16T03:00:00.000Z"]);
    });

    it("a one-off window holds once, and overlapping windows are one freeze until the last ends", () => {
        assert.strictEqual(freezeAt(at("2026-12-23T22:59:00Z"), [holidays]).frozen, false);
        // 2026-12-24 is a Thursday: the holidays run into the weekend freeze of the 25th to the 28th, then on to the 29th 12:00.
        const christmas = freezeAt(at("2026-12-25T20:00:00Z"), [weekend, holidays]);
        assert.deepStrictEqual(christmas.active.map((i) => i.window.reason), ["holidays", "weekend"]);
        assert.strictEqual(iso(christmas.until), "2026-12-29T11:00:00.000Z");
        const chained = freezeAt(at("2026-12-23T23:00:00Z"), [holidays, { ...holidays, from: { ...holidays.to }, to: { year: 2027, month: 1, day: 2, hour: 0, minute: 0 }, reason: "new year" }]);
        assert.strictEqual(iso(chained.until), "2027-01-01T23:00:00.000Z", "an adjoining window extends the freeze");
        assert.strictEqual(freezeAt(at("2027-01-05T00:00:00Z"), [holidays]).next, undefined);
    });

    it("lists every occurrence in a range, an occurrence already under way included", () => {
        const list = intervalsOf(weekend, at("2026-07-11T00:00:00Z"), at("2026-07-25T00:00:00Z"));
        assert.deepStrictEqual(list.map((i) => iso(i.start)), ["2026-07-10T14:00:00.000Z", "2026-07-17T14:00:00.000Z", "2026-07-24T14:00:00.000Z"]);
        assert.deepStrictEqual(intervalsOf(holidays, at("2027-01-01T00:00:00Z"), at("2027-02-01T00:00:00Z")), []);
    });

    it("says what a window is as its file declares it", () => {
        const windows: FreezeWindow[] = [weekend, nights, holidays];
        assert.deepStrictEqual(windows.map(describeWindow), [
            "every week Fri 16:00 to Mon 08:00 Europe/Berlin (weekend)",
            "every day 22:00 to 06:00 America/New_York (nights)",
            "2026-12-24T00:00 to 2026-12-29T12:00 Europe/Berlin (holidays)",
        ]);
    });
});
