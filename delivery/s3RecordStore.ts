// Release records in the environment's release-records bucket (components/aws/releaseBucket.ts), under
// the prefix the service roles may read (`releases/<service>/*`). S3 makes an object visible only once
// its upload is complete; `If-None-Match: *` makes the server refuse a key that exists. The AWS SDK is
// loaded on first use, so commands that never touch a bucket start as fast as before.
import type * as S3 from "@aws-sdk/client-s3";
import { InputError } from "../project/inputError";
import { RecordExists, type RecordStore } from "./recordStore";

export interface S3Location {
    bucket: string;
    /** Prepended to every key, without a trailing slash ("" for none). */
    prefix: string;
    /** An S3-compatible endpoint (AWS_ENDPOINT_URL); path-style addressing when given. */
    endpoint?: string;
}

/** `s3://bucket[/prefix]`, or undefined when `text` is not an s3 URL. */
export function parseS3Location(text: string, endpoint: string | undefined, flag: string): S3Location | undefined {
    if (!text.startsWith("s3://")) return undefined;
    const [bucket, ...rest] = text.slice("s3://".length).split("/");
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new InputError(`${flag} ${text}: "${bucket}" is not an S3 bucket name: expected e.g. s3://release-records-bucket-1a2b3c/records`);
    return { bucket, prefix: rest.filter((p) => p !== "").join("/"), endpoint };
}

export class S3RecordStore implements RecordStore {
    readonly location: string;
    private client?: S3.S3Client;
    private sdk?: typeof S3;

    constructor(private readonly at: S3Location) {
        this.location = `s3://${at.bucket}${at.prefix ? `/${at.prefix}` : ""}`;
    }

    where(key: string): string {
        return `${this.location}/${key}`;
    }

    private objectKey(key: string): string {
        return this.at.prefix ? `${this.at.prefix}/${key}` : key;
    }

    private connect(): { client: S3.S3Client; sdk: typeof S3 } {
        if (!this.client || !this.sdk) {
            this.sdk = require("@aws-sdk/client-s3") as typeof S3;
            this.client = new this.sdk.S3Client({
                region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
                ...(this.at.endpoint ? { endpoint: this.at.endpoint, forcePathStyle: true } : {}),
                maxAttempts: 3,
            });
        }
        return { client: this.client, sdk: this.sdk };
    }

    async put(key: string, text: string): Promise<void> {
        const { client, sdk } = this.connect();
        try {
            await client.send(new sdk.PutObjectCommand({ Bucket: this.at.bucket, Key: this.objectKey(key), Body: text, ContentType: "application/json", IfNoneMatch: "*" }));
        } catch (err) {
            if (statusOf(err) === 412 || (err as Error).name === "PreconditionFailed") throw new RecordExists(this.where(key));
            throw this.failure(err, "write the release record", this.where(key));
        }
    }

    async list(prefix: string): Promise<string[]> {
        const { client, sdk } = this.connect();
        const keys: string[] = [];
        let token: string | undefined;
        const strip = this.at.prefix ? this.at.prefix.length + 1 : 0;
        do {
            let page: S3.ListObjectsV2CommandOutput;
            try {
                page = await client.send(new sdk.ListObjectsV2Command({ Bucket: this.at.bucket, Prefix: this.objectKey(prefix), ContinuationToken: token }));
            } catch (err) {
                throw this.failure(err, "list the release records", this.where(prefix));
            }
            for (const object of page.Contents ?? []) if (object.Key?.endsWith(".json")) keys.push(object.Key.slice(strip));
            token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
        return keys.sort();
    }

    async get(key: string): Promise<string> {
        const { client, sdk } = this.connect();
        try {
            const object = await client.send(new sdk.GetObjectCommand({ Bucket: this.at.bucket, Key: this.objectKey(key) }));
            return (await object.Body?.transformToString("utf8")) ?? "";
        } catch (err) {
            throw this.failure(err, "read the release record", this.where(key));
        }
    }

    /** One line naming the bucket and the cause; the SDK's messages never hold the credentials. */
    private failure(err: unknown, doing: string, where: string): InputError {
        const e = err as Error & { code?: string };
        const status = statusOf(err);
        const cause = [e.name && e.name !== "Error" ? e.name : e.code, status ? `HTTP ${status}` : undefined, (e.message ?? String(err)).split("\n")[0]]
            .filter((p) => p !== undefined && p !== "")
            .join(": ");
        return new InputError(`${where}: cannot ${doing} (${cause}): check the bucket name, AWS_ENDPOINT_URL and the credentials`);
    }
}

function statusOf(err: unknown): number | undefined {
    return (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}
