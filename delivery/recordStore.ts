// Where release records are kept: the environment's release-records bucket, or a local directory. Both
// are append-only: `put` never overwrites, and a record is visible under its key only once complete.

export interface RecordStore {
    /** How messages name the store: a directory path, or s3://bucket/prefix. */
    readonly location: string;
    /** How messages name one key in the store. */
    where(key: string): string;
    /** Writes a new record; fails with RecordExists if the key is taken, InputError if the store cannot be written. */
    put(key: string, text: string): Promise<void>;
    /** Keys under the prefix, sorted; an empty store (or a directory not made yet) lists nothing. */
    list(prefix: string): Promise<string[]>;
    get(key: string): Promise<string>;
}

export class RecordExists extends Error {
    constructor(where: string) {
        super(`${where}: a record with this key exists already: records are never overwritten`);
        this.name = "RecordExists";
    }
}
