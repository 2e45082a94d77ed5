// A change to one field of one service entry in `lockstep:services`, and how it is applied: to the
// stack's config through StackOperations, and to the stack file's text with its comments kept.
import { isScalar, parseDocument } from "yaml";
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
 * The stack file's text with the edits made through the yaml Document API, so comments (such as the
 * version a digest stands for) and formatting elsewhere survive. `file` names it in errors.
 */
export function stackFileWithEdits(text: string, file: string, edits: ConfigEdit[]): string {
    const doc = parseDocument(text);
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
    return doc.toString();
}
