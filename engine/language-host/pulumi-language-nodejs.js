// lockstep's stand-in for Pulumi's Node.js language host (`pulumi-language-nodejs`), which the Go module
// proxy does not serve (NOTES.md, README "The real engine"). The CLI starts it as a plugin; it serves the
// LanguageRuntime gRPC service and, for Run, does what the Go host does in
// sdk/nodejs/cmd/pulumi-language-nodejs/main.go (execRuntime, constructArguments, constructConfig): it starts
// `node @pulumi/pulumi/cmd/run` (resolved from the program's directory) with the same flags and the config
// in PULUMI_CONFIG, so the SDK's own entry point compiles and runs the program. Not done here: the monitor
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
