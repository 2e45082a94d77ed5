// The HTML heat map's colours: the hue says what kind of differences a cell holds (none, only intended,
// some unexplained), the shade says how far its parity is from 100%, on a scale fitted to the report.

export type HeatStatus = "identical" | "intended" | "unexplained";

export interface HeatScale {
    /** The parity at which the shade is deepest (and below which it stays so). */
    floor: number;
    threshold: number;
}

const identicalColour = "hsl(137 60% 30%)";
const hues: Record<Exclude<HeatStatus, "identical">, { hue: number; saturation: number }> = {
    intended: { hue: 212, saturation: 70 },
    unexplained: { hue: 2, saturation: 72 },
};
const lightest = 86;
const darkest = 36;

/** What a cell holds: no differences, only intended ones, or at least one unexplained. */
export function heatStatus(intended: number, unexplained: number): HeatStatus {
    return unexplained > 0 ? "unexplained" : intended > 0 ? "intended" : "identical";
}

/** A floor ten points under the lower of the threshold and the lowest parity shown, on a round number. */
export function heatScale(percents: readonly number[], threshold: number): HeatScale {
    const lowest = Math.min(threshold, ...percents);
    return { floor: Math.max(0, Math.floor((lowest - 10) / 10) * 10), threshold };
}

function lightness(percent: number, scale: HeatScale): number {
    const t = Math.min(1, Math.max(0, (100 - percent) / (100 - scale.floor)));
    return Math.round(lightest - t * (lightest - darkest));
}

/** The cell's background. */
export function heatColour(status: HeatStatus, percent: number, scale: HeatScale): string {
    if (status === "identical") return identicalColour;
    const { hue, saturation } = hues[status];
    return `hsl(${hue} ${saturation}% ${lightness(percent, scale)}%)`;
}

/** Text that stays readable on the cell's background. */
export function heatText(status: HeatStatus, percent: number, scale: HeatScale): string {
    return status === "identical" || lightness(percent, scale) < 60 ? "#fff" : "#1f2328";
}

/** The parities the legend shows a swatch for: the floor, the threshold, and 100% (just under, for a shade). */
export function legendStops(scale: HeatScale): number[] {
    const stops = [scale.floor, (scale.floor + scale.threshold) / 2, scale.threshold, (scale.threshold + 100) / 2, 99.9];
    return [...new Set(stops.map((p) => Math.round(p * 10) / 10))].filter((p) => p < 100).sort((a, b) => a - b);
}
