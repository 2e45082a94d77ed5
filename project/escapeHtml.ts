// Text and attribute values for the HTML pages (parity, metrics). Hand-written: five characters do not need a dependency.
const entities: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
    return text.replace(/[<>&"']/g, (c) => entities[c]);
}
