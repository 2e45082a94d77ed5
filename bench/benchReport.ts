// What every benchmark reports with: the median of its samples, and its table written into README.md between
// its markers (`<!-- bench-<name>:start -->` and `<!-- bench-<name>:end -->`).
import * as fs from "fs";
import * as path from "path";

export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function writeReadmeSection(name: string, table: string): void {
    const readme = path.resolve(__dirname, "..", "README.md");
    const text = fs.readFileSync(readme, "utf8");
    const start = `<!-- bench-${name}:start -->`;
    const end = `<!-- bench-${name}:end -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md: markers ${start} / ${end} not found`);
    fs.writeFileSync(readme, text.slice(0, from + start.length) + "\n" + table + "\n" + text.slice(to));
}
