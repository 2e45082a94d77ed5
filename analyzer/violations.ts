// A pack's diagnostics as reported violations: located, levelled as the engine reports them, scrubbed.
import type { AnalyzerInfo, Diagnostic } from "./analyzerClient";
import { reportedLevel } from "./enforcement";
import { typeAndNameOfUrn, type Violation } from "./previewReport";
import { scrubSecrets } from "./secretScrubbing";

export function violationsOf(diagnostics: Diagnostic[], info: AnalyzerInfo, rootUrn: string, secrets: Iterable<string>): Violation[] {
    const known = [...secrets];
    const descriptions = new Map(info.policies.map((p) => [p.name, p.description]));
    return diagnostics.map((d) => {
        // Stack violations without a URN belong to the root stack resource.
        const urn = d.urn || rootUrn;
        const { type, name } = typeAndNameOfUrn(urn);
        return {
            policyPackName: d.policyPackName || info.name,
            policyPackVersion: d.policyPackVersion || info.version,
            policyName: d.policyName,
            description: scrubSecrets(d.description || descriptions.get(d.policyName) || "", known),
            message: scrubSecrets(d.message, known),
            enforcementLevel: reportedLevel(d.enforcementLevel),
            urn,
            resourceType: type,
            resourceName: name,
        };
    });
}
