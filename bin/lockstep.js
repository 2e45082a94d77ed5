#!/usr/bin/env node
// The `lockstep` command: the compiled CLI in dist/ (`npm run build`, run by `npm ci` through `prepare`).
// A Pulumi program in TypeScript is compiled only when a command renders it, as Pulumi does.
"use strict";
const path = require("path");
let cli;
try {
    cli = require(path.join(__dirname, "..", "dist", "cli", "main.js"));
} catch (err) {
    if (err && err.code === "MODULE_NOT_FOUND" && String(err.message).includes(path.join("dist", "cli", "main.js"))) {
        process.stderr.write("lockstep: not built: run `npm run build` (npm ci does it) in " + path.join(__dirname, "..") + "\n");
        process.exit(2);
    }
    throw err;
}
cli.main(process.argv.slice(2));
