import { strict as assert } from "assert";
import { goDurationSeconds } from "../../render/recordingMonitor";

describe("render: Go durations of customTimeouts", () => {
    it("reads them in seconds as the engine does, and nonsense as none", () => {
        assert.deepEqual(["2m", "30s", "1h30m", "1.5s", "250ms", "", "2 minutes", "5"].map(goDurationSeconds), [120, 30, 5400, 1.5, 0.25, 0, 0, 0]);
    });
});
