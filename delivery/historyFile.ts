// A saved `pulumi stack history --json` file, validated enough that metrics can trust it.
import * as fs from "fs";
import { InputError } from "../project/inputError";
import { numberUpdates, type UpdateRecord } from "./stackOperations";

export function readHistoryFile(file: string): UpdateRecord[] {
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new InputError(`--history ${file}: ${code ? `cannot read the file (${code})` : "not JSON"}: save it with pulumi stack history --json --page-size 10000 > ${file}`);
    }
    if (!Array.isArray(parsed)) throw new InputError(`--history ${file}: expected the JSON array that pulumi stack history --json prints`);
    parsed.forEach((entry, i) => {
        const e = entry as Partial<UpdateRecord>;
        if (typeof e?.kind !== "string" || typeof e.startTime !== "string" || typeof e.result !== "string" || Number.isNaN(Date.parse(e.startTime))) {
            throw new InputError(`--history ${file}: entry ${i}: expected kind, startTime (ISO time) and result`);
        }
    });
    return numberUpdates(parsed as UpdateRecord[]);
}
