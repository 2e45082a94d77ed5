#!/usr/bin/env node
// The `lockstep` command: runs the TypeScript sources through ts-node without type-checking
// (the type check belongs to `npm test`), exactly as Pulumi runs index.ts.
"use strict";
const path = require("path");
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
require("../cli/main").main(process.argv.slice(2));
