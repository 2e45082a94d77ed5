// A change to one field of one service entry in `lockstep:services`, and how it is applied: to the
// stack's config through StackOperations, and to the stack file on disk with its comments kept.
import * as fs from "fs";
import { isScalar, parseDocument } from "yaml";
import { writeFileAtomically } from "../cli/output";
import { InputError } from "../project/inputError";
import type { StackOperations } from "./stackOperations";

export interface ConfigEdit {
    index: number;
    /** e.g. ["activeColor"] or ["versions", "green"]. */
    field: string[];
    value: string;
}

export function editPath(edit: ConfigEdit): string {
    return `lockstep:services[${edit.index}].${edit.field.join(".")}`;
}

export async function applyToStack(ops: StackOperations, edits: ConfigEdit[]): Promise<void> {
    for (const edit of edits) await ops.setConfig(editPath(edit), edit.value);
}

/**
 * Writes the edits into the stack file through the yaml Document API, so comments (such as the version a
 * digest stands for) and formatting elsewhere survive. Written atomically: complete or not at all.
 */
export function writeToStackFile(file: string, edits: ConfigEdit[]): void {
    const doc = parseDocument(fs.readFileSync(file, "utf8"));
    if (doc.errors.length > 0) throw new InputError(`${file}: ${doc.errors[0].message.split("\n")[0]}: fix the YAML`);
    for (const edit of edits) {
        const path = ["config", "lockstep:services", edit.index, ...edit.field];
        const existing = doc.getIn(path, true);
        if (isScalar(existing)) {
            existing.value = edit.value; // keeps the node's comment and quoting style
        } else {
            doc.setIn(path, edit.value);
        }
    }
    writeFileAtomically(file, doc.toString());
}
