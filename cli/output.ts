// Where command output goes: stdout, or a file written atomically (complete or not at all).
import * as fs from "fs";
import * as path from "path";
import { InputError } from "../project/inputError";

export function writeOutput(text: string, outFile?: string): void {
    if (outFile === undefined) {
        process.stdout.write(text);
        return;
    }
    writeFileAtomically(outFile, text);
}

export function writeFileAtomically(file: string, text: string): void {
    const dir = path.dirname(path.resolve(file));
    if (!fs.existsSync(dir)) throw new InputError(`${file}: directory ${dir} does not exist: create it first`);
    const temporary = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
    try {
        fs.writeFileSync(temporary, text);
        fs.renameSync(temporary, file);
    } catch (err) {
        fs.rmSync(temporary, { force: true });
        throw new InputError(`${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
}
