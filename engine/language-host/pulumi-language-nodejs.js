// lockstep's stand-in for Pulumi's Node.js language host (`pulumi-language-nodejs`), which the Go module
// proxy does not serve (NOTES.md, README "The real engine"). The CLI starts it as a plugin; it serves the
// LanguageRuntime gRPC service and, for Run, does what the Go host does in
// sdk/nodejs/cmd/pulumi-language-nodejs/main.go (execRuntime, constructArguments, constructConfig): it starts
// `node @pulumi/pulumi/cmd/run` (resolved from the program's directory) with the same flags and the config
// in PULUMI_CONFIG, so the SDK's own entry point compiles and runs the program. For RunPlugin of a policy
// pack (how the CLI starts a Node pack since v3.221) it does what the Go host does with the SDK's PolicyProxy
// (sdk/policy_proxy.go): it serves the Analyzer service itself, prints that port, takes ConfigureStack to learn
// the stack, then starts `node @pulumi/pulumi/cmd/run-policy-pack <args> <pack dir>` in the pack's directory
// with the engine's environment plus PULUMI_NODEJS_ORGANIZATION/PROJECT/STACK/DRY_RUN and PULUMI_CONFIG, reads
// the pack's port and forwards every other call to it. Other plugin kinds run `@pulumi/pulumi/cmd/run-plugin`.
// Output streams back as RunPluginResponse messages. Not done here: the monitor
// proxy and the synchronous-invoke pipes (the SDK falls back to asynchronous calls), plugin discovery
// (GetRequiredPlugins answers none: the plugins are installed in the project's PULUMI_HOME), dependency
// installation, `pulumi about`, code generation. Plain JavaScript: the CLI runs it as it is.
"use strict";
const { spawn, execFileSync } = require("child_process");
const path = require("path");

const modules = path.resolve(__dirname, "..", "..", "node_modules");
const grpc = require(path.join(modules, "@grpc/grpc-js"));
const services = require(path.join(modules, "@pulumi/pulumi/proto/language_grpc_pb"));
const language = require(path.join(modules, "@pulumi/pulumi/proto/language_pb"));
const plugin = require(path.join(modules, "@pulumi/pulumi/proto/plugin_pb"));
const analyzerServices = require(path.join(modules, "@pulumi/pulumi/proto/analyzer_grpc_pb"));
const analyzerMessages = require(path.join(modules, "@pulumi/pulumi/proto/analyzer_pb"));

/** The exit code with which the SDK says it already showed the user an actionable message. */
const exitedAfterUserMessage = 32;

// Flags first (-tracing, -runtime, ...), then the engine's address, as the CLI launches a language plugin.
const engineAddress = process.argv.slice(2).filter((a) => !a.startsWith("-")).pop() ?? "";

function options(info) {
    const given = info?.getOptions()?.toJavaScript() ?? {};
    return { typescript: given.typescript ?? true, tsconfig: given.tsconfig, nodeargs: given.nodeargs };
}

/** `ns:key` becomes `ns:config:key`, the form the SDK reads from PULUMI_CONFIG (constructConfig). */
function configJson(request) {
    const config = {};
    for (const [key, value] of request.getConfigMap().entries()) {
        const colon = key.indexOf(":");
        config[colon < 0 ? key : `${key.slice(0, colon)}:config:${key.slice(colon + 1)}`] = value;
    }
    return JSON.stringify(config);
}

function run(call, callback) {
    const request = call.request;
    const info = request.getInfo();
    const programDir = info?.getProgramDirectory() || request.getPwd();
    const opts = options(info);
    let runPath;
    try {
        runPath = execFileSync(process.execPath, ["-e", "console.log(require.resolve('@pulumi/pulumi/cmd/run'))"], { cwd: programDir, encoding: "utf8" }).trim();
    } catch {
        const response = new language.RunResponse();
        response.setError("It looks like the Pulumi SDK has not been installed. Have you run pulumi install?");
        return callback(null, response);
    }
    const args = [runPath];
    const flag = (name, value) => value !== undefined && value !== "" && args.push(`--${name}`, String(value));
    flag("monitor", request.getMonitorAddress());
    flag("engine", engineAddress);
    flag("organization", request.getOrganization());
    flag("project", request.getProject());
    flag("root-directory", info?.getRootDirectory());
    flag("stack", request.getStack());
    flag("pwd", programDir);
    if (request.getDryrun()) args.push("--dry-run");
    flag("parallel", request.getParallel());
    args.push(info?.getEntryPoint() || ".", ...request.getArgsList());
    const env = {
        ...process.env,
        PULUMI_CONFIG: configJson(request),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(request.getConfigsecretkeysList()),
        ...(opts.typescript ? { PULUMI_NODEJS_TYPESCRIPT: "true" } : {}),
        ...(opts.tsconfig ? { PULUMI_NODEJS_TSCONFIG_PATH: opts.tsconfig } : {}),
    };
    const nodeArgs = opts.nodeargs ? opts.nodeargs.split(/\s+/).filter(Boolean) : [];
    const child = spawn(process.execPath, [...nodeArgs, ...args], { cwd: programDir, env, stdio: ["ignore", "inherit", "inherit"] });
    call.on("cancelled", () => child.kill("SIGINT"));
    child.on("error", (err) => {
        const response = new language.RunResponse();
        response.setError(`Problem executing program (could not run language executor): ${err.message}`);
        callback(null, response);
    });
    child.on("exit", (code, signal) => {
        const response = new language.RunResponse();
        if (code === exitedAfterUserMessage) response.setBail(true);
        else if (code !== 0) response.setError(signal ? `Program exited unexpectedly: ${signal}` : `Program exited with non-zero exit code: ${code}`);
        callback(null, response);
    });
}

/** A module of the SDK as node resolves it from `dir` (the Go host's locateModule). */
function resolveFrom(dir, module) {
    return execFileSync(process.execPath, ["-e", `console.log(require.resolve(${JSON.stringify(module)}))`], { cwd: dir, encoding: "utf8" }).trim();
}

/** The RunPluginResponse stream: stdout and stderr bytes as they come, then the exit code. */
function pluginStream(call) {
    const send = (set, value) => {
        const response = new language.RunPluginResponse();
        response[set](value);
        call.write(response);
    };
    return {
        stdout: (bytes) => send("setStdout", new Uint8Array(bytes)),
        stderr: (bytes) => send("setStderr", new Uint8Array(bytes)),
        exit: (code) => {
            send("setExitcode", code);
            call.end();
        },
    };
}

/** The env list of the request ("K=V") with `extra` set over it. */
function pluginEnv(request, extra) {
    const env = {};
    for (const entry of request.getEnvList()) {
        const eq = entry.indexOf("=");
        if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    return { ...env, ...extra };
}

/**
 * The engine's side of a policy pack: an Analyzer server that answers Handshake and ConfigureStack itself and
 * forwards the rest to the pack once it is attached (PolicyProxy).
 */
function policyProxy() {
    let configured;
    const configuration = new Promise((resolve) => (configured = resolve));
    let attached;
    let failed;
    const client = new Promise((resolve, reject) => ((attached = resolve), (failed = reject)));
    client.catch(() => undefined);
    const server = new grpc.Server();
    const forward = (method) => (call, callback) => {
        configured(undefined); // a call before ConfigureStack (e.g. for `policy publish`): start with no stack
        client.then(
            (pack) => pack[method](call.request, (err, response) => callback(err, response)),
            (err) => callback({ code: grpc.status.UNAVAILABLE, details: `policy pack not started: ${err.message}` }),
        );
    };
    server.addService(analyzerServices.AnalyzerService, {
        handshake: (_call, callback) => callback(null, new analyzerMessages.AnalyzerHandshakeResponse()),
        configureStack: (call, callback) => {
            configured(call.request);
            callback(null, new analyzerMessages.AnalyzerStackConfigureResponse());
        },
        analyze: forward("analyze"),
        analyzeStack: forward("analyzeStack"),
        remediate: forward("remediate"),
        getAnalyzerInfo: forward("getAnalyzerInfo"),
        getPluginInfo: forward("getPluginInfo"),
        configure: forward("configure"),
        cancel: forward("cancel"),
    });
    const listening = new Promise((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
    );
    return {
        listening,
        configuration,
        /** Connects to the pack at `port` and gives it the stack configuration first, as Attach does. */
        attach(port, stackConfig) {
            const pack = new analyzerServices.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
            if (!stackConfig) return attached(pack);
            pack.configureStack(stackConfig, (err) => {
                // Unimplemented is fine: older packs do not implement ConfigureStack.
                if (err && err.code !== grpc.status.UNIMPLEMENTED) failed(new Error(`policy pack configuration failed: ${err.details ?? err.message}`));
                else attached(pack);
            });
        },
        abort: (err) => failed(err),
        close: () => server.forceShutdown(),
    };
}

async function runPolicyPack(call, stream, request, packDir, opts) {
    const proxy = policyProxy();
    const port = await proxy.listening;
    stream.stdout(Buffer.from(`${port}\n`));
    const stackConfig = await proxy.configuration;
    const extra = {
        ...(opts.typescript ? { PULUMI_NODEJS_TYPESCRIPT: "true" } : {}),
        ...(opts.tsconfig ? { PULUMI_NODEJS_TSCONFIG_PATH: opts.tsconfig } : {}),
    };
    if (stackConfig) {
        const set = (key, value) => value !== undefined && value !== "" && (extra[key] = value);
        set("PULUMI_NODEJS_ORGANIZATION", stackConfig.getOrganization());
        set("PULUMI_NODEJS_PROJECT", stackConfig.getProject());
        set("PULUMI_NODEJS_STACK", stackConfig.getStack());
        set("PULUMI_NODEJS_DRY_RUN", String(stackConfig.getDryRun()));
        const config = Object.fromEntries(stackConfig.getConfigMap().entries());
        if (Object.keys(config).length > 0) set("PULUMI_CONFIG", JSON.stringify(config));
    }
    const runPath = resolveFrom(packDir, "@pulumi/pulumi/cmd/run-policy-pack");
    const nodeArgs = opts.nodeargs ? opts.nodeargs.split(/\s+/).filter(Boolean) : [];
    const child = spawn(process.execPath, [runPath, ...nodeArgs, ...request.getArgsList(), packDir], { cwd: packDir, env: pluginEnv(request, extra), stdio: ["ignore", "pipe", "pipe"] });
    call.on("cancelled", () => child.kill("SIGKILL"));
    // The first line of the pack's stdout is its port; the rest is its log, passed on.
    let head = "";
    let portRead = false;
    child.stdout.on("data", (chunk) => {
        if (portRead) return stream.stdout(chunk);
        head += chunk.toString("utf8");
        const newline = head.indexOf("\n");
        if (newline < 0) return;
        portRead = true;
        const packPort = Number(head.slice(0, newline).trim());
        if (!Number.isInteger(packPort) || packPort <= 0) proxy.abort(new Error(`could not read policy pack port: ${JSON.stringify(head.slice(0, newline))}`));
        else proxy.attach(packPort, stackConfig);
        if (head.length > newline + 1) stream.stdout(Buffer.from(head.slice(newline + 1)));
    });
    child.stderr.on("data", (chunk) => stream.stderr(chunk));
    child.on("error", (err) => proxy.abort(err));
    child.on("close", (code, signal) => {
        if (!portRead) proxy.abort(new Error(`the pack exited (${signal ?? `exit code ${code}`}) before printing its port`));
        proxy.close();
        stream.exit(code ?? 1);
    });
}

function runPlugin(call) {
    const request = call.request;
    const info = request.getInfo();
    const dir = info?.getProgramDirectory() || request.getPwd();
    const opts = options(info);
    const stream = pluginStream(call);
    if (request.getKind() === "analyzer") {
        runPolicyPack(call, stream, request, dir, opts).catch((err) => {
            stream.stderr(Buffer.from(`pulumi-language-nodejs (lockstep stand-in): ${err.message}\n`));
            stream.exit(1);
        });
        return;
    }
    let runPath;
    try {
        runPath = resolveFrom(dir, process.env.PULUMI_LANGUAGE_NODEJS_RUN_PATH || "@pulumi/pulumi/cmd/run-plugin");
    } catch (err) {
        stream.stderr(Buffer.from(`It looks like the Pulumi SDK has not been installed in ${dir}\n`));
        return stream.exit(1);
    }
    const env = pluginEnv(request, opts.typescript ? { PULUMI_NODEJS_TYPESCRIPT: "true" } : {});
    const child = spawn(process.execPath, [runPath, dir, ...request.getArgsList()], { cwd: request.getPwd() || dir, env, stdio: ["ignore", "pipe", "pipe"] });
    call.on("cancelled", () => child.kill("SIGKILL"));
    child.stdout.on("data", (chunk) => stream.stdout(chunk));
    child.stderr.on("data", (chunk) => stream.stderr(chunk));
    child.on("close", (code) => stream.exit(code ?? 1));
}

const server = new grpc.Server();
server.addService(services.LanguageRuntimeService, {
    getRequiredPlugins: (_call, callback) => callback(null, new language.GetRequiredPluginsResponse()),
    getRequiredPackages: (_call, callback) => callback(null, new language.GetRequiredPackagesResponse()),
    getPluginInfo: (_call, callback) => {
        const info = new plugin.PluginInfo();
        info.setVersion(require(path.join(modules, "@pulumi/pulumi/package.json")).version);
        callback(null, info);
    },
    run,
    runPlugin,
});
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) {
        process.stderr.write(`pulumi-language-nodejs (lockstep stand-in): cannot serve: ${err.message}\n`);
        process.exit(1);
    }
    process.stdout.write(`${port}\n`);
});
process.on("SIGINT", () => server.forceShutdown());
process.on("SIGTERM", () => server.forceShutdown());
