import { strict as assert } from "assert";
import { heatColour, heatScale, heatStatus, heatText, legendStops } from "../../../parity/reports/heatScale";

describe("heat map colours", () => {
    it("says what a cell holds: no differences, only intended ones, or some unexplained", () => {
        assert.equal(heatStatus(0, 0), "identical");
        assert.equal(heatStatus(3, 0), "intended");
        assert.equal(heatStatus(3, 1), "unexplained");
    });

    it("fits the scale's floor ten points under the lower of the threshold and the lowest parity", () => {
        assert.deepEqual(heatScale([93.3, 100], 90), { floor: 80, threshold: 90 });
        assert.deepEqual(heatScale([61.8, 72.5], 90), { floor: 50, threshold: 90 });
        assert.deepEqual(heatScale([3], 90), { floor: 0, threshold: 90 });
    });

    it("shades by parity within a hue, deepest at the floor, and keeps the text readable", () => {
        const scale = { floor: 50, threshold: 90 };
        assert.equal(heatColour("intended", 99, scale), "hsl(212 70% 85%)");
        assert.equal(heatColour("intended", 75, scale), "hsl(212 70% 61%)");
        assert.equal(heatColour("intended", 50, scale), "hsl(212 70% 36%)");
        assert.equal(heatColour("intended", 20, scale), "hsl(212 70% 36%)", "no deeper than the floor");
        assert.equal(heatColour("unexplained", 75, scale), "hsl(2 72% 61%)");
        assert.equal(heatColour("identical", 100, scale), "hsl(137 60% 30%)");
        assert.equal(heatText("intended", 99, scale), "#1f2328");
        assert.equal(heatText("intended", 50, scale), "#fff");
    });

    it("gives the legend stops from the floor to just under 100%", () => {
        assert.deepEqual(legendStops({ floor: 80, threshold: 90 }), [80, 85, 90, 95, 99.9]);
        assert.deepEqual(legendStops({ floor: 90, threshold: 100 }), [90, 95, 99.9]);
    });
});
