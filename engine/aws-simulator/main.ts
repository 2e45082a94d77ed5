// The simulator as a provider plugin: `pulumi-resource-aws <engine address>` prints its port and serves
// pulumirpc.ResourceProvider through @pulumi/pulumi's provider server. Resources live in the engine's
// state only; nothing is called. See simulate.ts for what this does and does not prove.
import * as provider from "@pulumi/pulumi/provider";
import { check, create } from "./simulate";

const version = process.env.LOCKSTEP_AWS_SIMULATOR_VERSION ?? "7.48.0";
// @pulumi/pulumi's provider server does not hand Configure's values to the provider, so the region of the
// outputs (regional domain names) is AWS_REGION's, else us-east-1, not the provider resource's `region`.
const region = process.env.AWS_REGION ?? "us-east-1";

const simulator: provider.Provider = {
    version,
    async check(urn, _olds, news) {
        return { inputs: check(urn, news) };
    },
    async diff(_id, _urn, olds, news) {
        const changed = JSON.stringify(stripOutputs(olds)) !== JSON.stringify(news);
        return { changes: changed };
    },
    async create(urn, inputs) {
        return create(urn, inputs, region);
    },
    async update(_id, urn, _olds, news) {
        return { outs: create(urn, news, region).outs };
    },
    async delete() {},
    async read(id, _urn, props) {
        return { id, props };
    },
};

/** Olds are the outputs of the last create; compare only the keys the program gives. */
function stripOutputs(olds: Record<string, unknown>): Record<string, unknown> {
    const computed = ["arn", "tagsAll", "region", "bucketDomainName", "bucketRegionalDomainName", "hostedZoneId", "uniqueId", "createDate"];
    return Object.fromEntries(Object.entries(olds).filter(([k]) => !computed.includes(k)));
}

provider.main(simulator, process.argv.slice(2)).catch((err) => {
    console.error(err);
    process.exit(1);
});
