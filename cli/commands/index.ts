// Every subcommand, by name, with its one-line summary. A command's module is loaded only when it runs, so
// `lockstep --help` or `lockstep smoke` never loads the render (and with it @pulumi/aws and @pulumi/kubernetes).
import type { Command } from "../command";

export interface CommandEntry {
    summary: string;
    load: () => Command;
}

export const commands: Record<string, CommandEntry> = {
    render: { summary: "Run the program offline under Pulumi's mock runtime and show what one stack would deploy", load: () => require("./render").renderCommand },
    preview: { summary: "Render a stack offline and run policy packs over it as `pulumi preview --policy-pack` does (the engine tier shows where it agrees)", load: () => require("./preview").previewCommand },
    parity: { summary: "Report how identical the stacks are, setting by setting, and which differences nobody intended", load: () => require("./parity").parityCommand },
    check: { summary: "Render every stack, run the gates over each and print the parity report (what `npm start` runs)", load: () => require("./check").checkCommand },
    smoke: { summary: "HTTP smoke tests against a stack's service URLs or given URLs", load: () => require("./smoke").smokeCommand },
    promote: { summary: "Blue-green promotion: deploy to the idle colour, smoke-test, flip, smoke-test, flip back on failure", load: () => require("./promote").promoteCommand },
    rollback: { summary: "Roll a stack (or one service) back to its last successful release, then smoke-test it", load: () => require("./rollback").rollbackCommand },
    freeze: { summary: "Whether a stack is in a freeze window now and until when, and the freeze policy config CI passes to pulumi", load: () => require("./freeze").freezeCommand },
    release: { summary: "A stack's release (its versions, commit and id), and the release records of deploys, smoke tests, promotions, rollbacks", load: () => require("./release").releaseCommand },
    metrics: { summary: "Deployment frequency, success and change failure rate, time to restore, lead time (DORA levels)", load: () => require("./metrics").metricsCommand },
};
