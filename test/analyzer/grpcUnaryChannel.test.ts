// The plain HTTP/2 gRPC channel against a local server that answers each way a gRPC server can.
import * as assert from "assert";
import * as http2 from "http2";
import type { AddressInfo } from "net";
import { GrpcCallError, GrpcUnaryChannel } from "../../analyzer/grpcUnaryChannel";

type Answer = (stream: http2.ServerHttp2Stream, request: Buffer) => void;

const framed = (bytes: Buffer, compressed = 0) => {
    const frame = Buffer.alloc(5 + bytes.length);
    frame[0] = compressed;
    frame.writeUInt32BE(bytes.length, 1);
    bytes.copy(frame, 5);
    return frame;
};

const answers: Record<string, Answer> = {
    "/echo": (stream, request) => {
        stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
        stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
        // The request's message back, split over two DATA frames.
        const answer = framed(request.subarray(5));
        stream.write(answer.subarray(0, 3));
        stream.end(answer.subarray(3));
    },
    "/fails": (stream) => {
        // Trailers-only, as servers answer an error: the status comes with the headers.
        stream.respond({ ":status": 200, "content-type": "application/grpc", "grpc-status": "3", "grpc-message": "bad%20input%3A%20%25" }, { endStream: true });
    },
    "/malformed-message": (stream) => {
        stream.respond({ ":status": 200, "content-type": "application/grpc", "grpc-status": "13", "grpc-message": "100%" }, { endStream: true });
    },
    "/compressed": (stream) => {
        stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
        stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
        stream.end(framed(Buffer.from("xx"), 1));
    },
    "/no-status": (stream) => {
        stream.respond({ ":status": 200, "content-type": "application/grpc" });
        stream.end(framed(Buffer.from("xx")));
    },
    "/silent": () => undefined,
};

describe("analyzer: the plain HTTP/2 gRPC channel", () => {
    let server: http2.Http2Server;
    let channel: GrpcUnaryChannel;
    const headersSeen: http2.IncomingHttpHeaders[] = [];
    before(async () => {
        server = http2.createServer();
        server.on("stream", (stream, headers) => {
            headersSeen.push(headers);
            const chunks: Buffer[] = [];
            stream.on("data", (c: Buffer) => chunks.push(c));
            stream.on("end", () => answers[String(headers[":path"])](stream, Buffer.concat(chunks)));
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        channel = new GrpcUnaryChannel((server.address() as AddressInfo).port);
    });
    after(() => {
        channel.close();
        server.close();
    });

    const failure = async (path: string, deadlineMs = 2000) => {
        const err = await channel.call(path, Buffer.from("hi"), deadlineMs).then(
            () => assert.fail(`${path} should fail`),
            (e: unknown) => e,
        );
        assert.ok(err instanceof GrpcCallError, String(err));
        return { code: err.code, message: err.message };
    };

    it("sends one framed message with gRPC's headers and reads the answer across frames", async () => {
        const answer = await channel.call("/echo", Buffer.from("hello analyzer"), 2000);
        assert.strictEqual(answer.toString(), "hello analyzer");
        const headers = headersSeen.find((h) => h[":path"] === "/echo")!;
        assert.strictEqual(headers["content-type"], "application/grpc");
        assert.strictEqual(headers.te, "trailers");
        assert.strictEqual(headers["grpc-timeout"], "2000m");
    });

    it("reports a server's status and its percent-encoded message", async () => {
        assert.deepStrictEqual(await failure("/fails"), { code: 3, message: "bad input: %" });
        assert.deepStrictEqual(await failure("/malformed-message"), { code: 13, message: "100%" });
    });

    it("refuses what it cannot read instead of passing it on", async () => {
        assert.deepStrictEqual(await failure("/compressed"), { code: 13, message: "the answer is not one uncompressed gRPC message" });
        assert.deepStrictEqual(await failure("/no-status"), { code: 14, message: "the connection closed before the answer" });
    });

    it("gives up at the deadline", async () => {
        assert.deepStrictEqual(await failure("/silent", 200), { code: 4, message: "no answer within 200 ms" });
    });
});
