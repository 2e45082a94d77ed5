// Release records in a local directory (`.lockstep/records` by default, for offline use), laid out as the
// bucket is. A record is written to a temporary file in its own directory, flushed, then hard-linked to
// its final name, which fails if the name exists: a reader sees a whole record or none, and nothing is
// ever overwritten (rename would replace silently). Temporary files start with "." and are never listed.
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { InputError } from "../project/inputError";
import { RecordExists, type RecordStore } from "./recordStore";

export class LocalRecordStore implements RecordStore {
    constructor(readonly location: string) {}

    where(key: string): string {
        return path.join(this.location, ...key.split("/"));
    }

    async put(key: string, text: string): Promise<void> {
        const file = this.where(key);
        const dir = path.dirname(file);
        const temporary = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
        try {
            fs.mkdirSync(dir, { recursive: true });
            const fd = fs.openSync(temporary, "wx");
            try {
                fs.writeSync(fd, text);
                fs.fsyncSync(fd);
            } finally {
                fs.closeSync(fd);
            }
            fs.linkSync(temporary, file);
        } catch (err) {
            if ((err as NodeJS.ErrnoException).code === "EEXIST" && fs.existsSync(file)) throw new RecordExists(file);
            throw new InputError(`${file}: cannot write the release record (${(err as NodeJS.ErrnoException).code ?? String(err)}): check the records directory`);
        } finally {
            try {
                fs.rmSync(temporary, { force: true });
            } catch {
                // nothing was created to remove (the directory itself could not be made)
            }
        }
    }

    async list(prefix: string): Promise<string[]> {
        const keys: string[] = [];
        const walk = (relative: string) => {
            const dir = path.join(this.location, relative);
            let entries: fs.Dirent[];
            try {
                entries = fs.readdirSync(dir, { withFileTypes: true });
            } catch (err) {
                if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
                throw new InputError(`${dir}: cannot read the records directory (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
            }
            for (const entry of entries) {
                if (entry.name.startsWith(".")) continue; // a record being written
                const key = relative === "" ? entry.name : `${relative}/${entry.name}`;
                if (entry.isDirectory()) walk(key);
                else if (entry.name.endsWith(".json") && key.startsWith(prefix)) keys.push(key);
            }
        };
        // Walk only the prefix's directory part: releases/<service>/<stack>/ is one directory.
        const start = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : "";
        walk(start);
        return keys.sort();
    }

    async get(key: string): Promise<string> {
        try {
            return fs.readFileSync(this.where(key), "utf8");
        } catch (err) {
            throw new InputError(`${this.where(key)}: cannot read the release record (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
        }
    }
}
