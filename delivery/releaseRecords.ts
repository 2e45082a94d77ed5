// Writing and reading release records through the stores: every record goes to each store under the same
// key; reading refuses a corrupt record, naming where it is.
import { parseRecord, recordKey, recordPrefix, recordText, type ReleaseRecord, type StoredRecord } from "./releaseRecord";
import { RecordExists, type RecordStore } from "./recordStore";

/** Writes each record to every store (the first is the authoritative one); returns the keys written. */
export async function writeRecords(stores: RecordStore[], records: ReleaseRecord[]): Promise<string[]> {
    const keys: string[] = [];
    for (const record of records) {
        const text = recordText(record);
        let key = recordKey(record);
        for (const [i, store] of stores.entries()) {
            try {
                await store.put(key, text);
            } catch (err) {
                // A random suffix makes a taken key all but impossible; if it happens before any store has the record, pick another.
                if (!(err instanceof RecordExists) || i > 0) throw err;
                key = recordKey(record);
                await store.put(key, text);
            }
        }
        keys.push(key);
    }
    return keys;
}

/** Every record of one service in one stack, oldest first. */
export async function readRecords(store: RecordStore, service: string, stack: string): Promise<StoredRecord[]> {
    return readKeys(store, await store.list(recordPrefix(service, stack)));
}

/** Every record in the store (all services, all stacks), oldest first. */
export async function readAllRecords(store: RecordStore): Promise<StoredRecord[]> {
    return readKeys(store, await store.list("releases/"));
}

async function readKeys(store: RecordStore, keys: string[]): Promise<StoredRecord[]> {
    const records: StoredRecord[] = [];
    const batch = 16; // parallel reads from a bucket, a few at a time
    for (let i = 0; i < keys.length; i += batch) {
        const texts = await Promise.all(keys.slice(i, i + batch).map((key) => store.get(key)));
        texts.forEach((text, j) => records.push({ key: keys[i + j], record: parseRecord(text, keys[i + j], store.where(keys[i + j])) }));
    }
    return records.sort((a, b) => Date.parse(a.record.endedAt) - Date.parse(b.record.endedAt) || a.key.localeCompare(b.key));
}
