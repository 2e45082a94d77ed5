// One writer at a time for a file that is read, edited and written back (two promotions into one stack
// file at once would otherwise lose one's edit). A lock file made with O_EXCL holds the owner's pid; a
// lock whose owner is gone (killed) is taken over. Hand-written: 30 lines, where a lock library would be
// one more dependency for the one place that needs it.
import * as fs from "fs";
import * as path from "path";
import { InputError } from "../project/inputError";

export async function withFileLock<T>(file: string, work: () => Promise<T>, waitMs = 30_000): Promise<T> {
    const lock = path.join(path.dirname(file), `.${path.basename(file)}.lock`);
    const deadline = Date.now() + waitMs;
    for (;;) {
        try {
            fs.writeFileSync(lock, `${process.pid}\n`, { flag: "wx" });
            break;
        } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw new InputError(`${lock}: cannot make the lock file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
        }
        let owner: number;
        try {
            owner = Number(fs.readFileSync(lock, "utf8").trim());
        } catch {
            continue; // released in between: try again
        }
        if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
            fs.rmSync(lock, { force: true }); // its owner was killed: nobody is writing
            continue;
        }
        if (Date.now() > deadline) throw new InputError(`${lock}: another lockstep (pid ${owner || "unknown"}) is writing ${path.basename(file)}: wait for it, or remove the lock file if none runs`);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    try {
        return await work();
    } finally {
        fs.rmSync(lock, { force: true });
    }
}

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (err) {
        return (err as NodeJS.ErrnoException).code === "EPERM";
    }
}
