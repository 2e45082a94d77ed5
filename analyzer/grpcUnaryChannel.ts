// Unary gRPC calls over one HTTP/2 connection, for the calls the host makes once per resource
// (Analyze, Remediate) and AnalyzeStack. Why not @grpc/grpc-js for these: its per-call machinery
// (resolver, load balancer, retries, channelz, interceptors) cost the host twice the CPU of the
// call itself. The other calls still go through grpc-js (analyzerClient.ts). The wire format is
// gRPC's: https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md
import * as http2 from "http2";

/** A failed call: the gRPC status code (4 deadline exceeded, 14 unavailable, ...) and its message. */
export class GrpcCallError extends Error {
    constructor(
        readonly code: number,
        message: string,
    ) {
        super(message);
    }
}

export const deadlineExceeded = 4;
const unavailable = 14;
const internal = 13;

export class GrpcUnaryChannel {
    private readonly session: http2.ClientHttp2Session;

    constructor(port: number) {
        this.session = http2.connect(`http://127.0.0.1:${port}`);
        // Errors reach the calls through their streams; without a listener one would crash the host.
        this.session.on("error", () => undefined);
    }

    /** Sends one request message to `path` and resolves with the response message's bytes. */
    call(path: string, request: Uint8Array, deadlineMs: number): Promise<Buffer> {
        return new Promise((resolve, reject) => {
            let settled = false;
            const finish = (error: GrpcCallError | undefined, response?: Buffer) => {
                if (settled) return;
                settled = true;
                clearTimeout(timer);
                if (error) reject(error);
                else resolve(response!);
            };
            const timer = setTimeout(() => {
                finish(new GrpcCallError(deadlineExceeded, `no answer within ${deadlineMs} ms`));
                stream.close(http2.constants.NGHTTP2_CANCEL);
            }, deadlineMs);

            const stream = this.session.request({
                ":method": "POST",
                ":path": path,
                "content-type": "application/grpc",
                te: "trailers",
                "grpc-timeout": `${deadlineMs}m`,
            });
            const chunks: Buffer[] = [];
            let status: number | undefined;
            let message = "";
            const readStatus = (headers: http2.IncomingHttpHeaders) => {
                if (headers["grpc-status"] === undefined) return;
                status = Number(headers["grpc-status"]);
                message = percentDecoded(String(headers["grpc-message"] ?? ""));
            };
            stream.on("response", readStatus); // a trailers-only answer carries its status here
            stream.on("trailers", readStatus);
            stream.on("data", (chunk: Buffer) => chunks.push(chunk));
            stream.on("error", (err) => finish(new GrpcCallError(unavailable, err.message)));
            // 'end' follows the last data; 'close' also comes when the stream fails or is cancelled.
            const complete = () => {
                if (status === undefined) return finish(new GrpcCallError(unavailable, "the connection closed before the answer"));
                if (status !== 0) return finish(new GrpcCallError(status, message || `status ${status}`));
                const body = Buffer.concat(chunks);
                if (body.length < 5 || body[0] !== 0 || body.readUInt32BE(1) !== body.length - 5) {
                    return finish(new GrpcCallError(internal, "the answer is not one uncompressed gRPC message"));
                }
                finish(undefined, body.subarray(5));
            };
            stream.on("end", complete);
            stream.on("close", complete);

            const framed = Buffer.allocUnsafe(5 + request.length);
            framed[0] = 0; // not compressed
            framed.writeUInt32BE(request.length, 1);
            framed.set(request, 5);
            stream.end(framed);
        });
    }

    close(): void {
        this.session.destroy();
    }
}

/** grpc-message is percent-encoded; a malformed one is shown as it came. */
function percentDecoded(text: string): string {
    try {
        return decodeURIComponent(text);
    } catch {
        return text;
    }
}
