// DORA performance levels (elite, high, medium, low) for each key metric, with the thresholds of the
// 2024 Accelerate State of DevOps report's clusters (dora.dev). null when the metric is unknown.

export type DoraLevel = "elite" | "high" | "medium" | "low";

export interface DoraLevels {
    deploymentFrequency: DoraLevel | null;
    leadTime: DoraLevel | null;
    changeFailureRate: DoraLevel | null;
    timeToRestore: DoraLevel | null;
}

interface Measured {
    deployments: number;
    deploymentsPerDay: number | null;
    leadTimeHours: { median: number | null };
    changeFailureRatePercent: number | null;
    timeToRestoreMinutes: { median: number | null };
}

export function doraLevels(m: Measured): DoraLevels {
    return {
        // on demand (daily or more) / daily-weekly / weekly-monthly / less often
        deploymentFrequency: m.deploymentsPerDay === null ? null : m.deploymentsPerDay >= 1 ? "elite" : m.deploymentsPerDay >= 1 / 7 ? "high" : m.deploymentsPerDay >= 1 / 30 ? "medium" : "low",
        // < 1 day / < 1 week / < 1 month / longer
        leadTime: byUpperBounds(m.leadTimeHours.median, [24, 168, 720]),
        // The report's clusters sit at 5% (elite), 10% (medium), 20% (high), 40% (low): take the nearest.
        changeFailureRate: m.changeFailureRatePercent === null ? null : m.changeFailureRatePercent <= 7.5 ? "elite" : m.changeFailureRatePercent <= 15 ? "medium" : m.changeFailureRatePercent <= 30 ? "high" : "low",
        // < 1 hour / < 1 day / < 1 week / longer
        timeToRestore: byUpperBounds(m.timeToRestoreMinutes.median === null ? null : m.timeToRestoreMinutes.median / 60, [1, 24, 168]),
    };
}

function byUpperBounds(value: number | null, [elite, high, medium]: [number, number, number]): DoraLevel | null {
    if (value === null) return null;
    return value < elite ? "elite" : value < high ? "high" : value < medium ? "medium" : "low";
}
