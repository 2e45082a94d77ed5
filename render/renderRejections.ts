// A program's error reaches Node through several promises: the SDK rejects the same error again from
// the outputs and resource registrations that depended on it, and some of those rejections arrive only
// after the render has settled. Node's default would print each late one as a multi-line dump and exit
// 1 (the exit code of a failed gate). Here a render's failure is reported once, as the render's error,
// and its late echoes are dropped; any other unhandled rejection keeps Node's default behaviour.

/** Errors a render has already reported: their late rejections are echoes. */
const reported = new WeakSet<object>();
let capture: ((reason: unknown) => void) | undefined;
let installed = false;

function onUnhandledRejection(reason: unknown): void {
    if (capture !== undefined) return capture(reason);
    if (reason !== null && typeof reason === "object" && reported.has(reason)) return;
    // Nobody else listens: behave as Node does without a listener (an uncaught exception).
    if (process.listenerCount("unhandledRejection") === 1) throw reason;
}

/** Sends unhandled rejections to `onRejection` until the returned function is called. Renders take turns. */
export function captureRejections(onRejection: (reason: unknown) => void): () => void {
    if (!installed) {
        process.on("unhandledRejection", onUnhandledRejection);
        installed = true;
    }
    capture = onRejection;
    return () => {
        if (capture === onRejection) capture = undefined;
    };
}

/** The render reported `failure`: later rejections with it are dropped. */
export function markReported(failure: unknown): void {
    if (failure !== null && typeof failure === "object") reported.add(failure);
}
