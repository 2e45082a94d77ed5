import * as pulumi from "@pulumi/pulumi";
import { Color, type BlueGreenServiceConfig } from "../config/environmentSchema";
import {
    clusterHostname,
    createDeployment,
    createDisruptionBudget,
    createIdentity,
    createIngress,
    createService,
    type ServiceArgs,
} from "./serviceParts";

export type BlueGreenServiceArgs = ServiceArgs<BlueGreenServiceConfig>;

export const colors: readonly Color[] = [Color.Blue, Color.Green];

export function idleColorOf(active: Color): Color {
    return active === Color.Blue ? Color.Green : Color.Blue;
}

/**
 * A service deployed blue-green: two Deployments with the same zero-downtime settings, a live Service
 * selecting `activeColor`, a preview Service selecting the idle colour, a disruption budget per
 * colour. Promotion deploys to the idle colour, tests it through the preview Service and flips
 * `activeColor`; rollback flips it back while the old colour still runs.
 */
export class BlueGreenService extends pulumi.ComponentResource {
    public readonly hostname: pulumi.Output<string>;
    public readonly previewHostname: pulumi.Output<string>;
    public readonly url: pulumi.Output<string>;
    public readonly previewUrl: pulumi.Output<string>;
    public readonly activeColor: pulumi.Output<Color>;
    public readonly roleArn: pulumi.Output<string>;

    /**
     * @param name The unique name of the component (the service's name).
     * @param args The service's config and the environment it runs in.
     * @param opts Resource options; providers flow to the children through the parent.
     */
    constructor(name: string, args: BlueGreenServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("lockstep:kubernetes:BlueGreenService", name, {}, opts);
        const { service } = args;
        const identity = createIdentity(this, name, args);
        for (const color of colors) {
            // The idle colour keeps its pods, so a rollback is a selector flip, not a rollout.
            createDeployment(this, `${name}-${color}`, args, {
                version: service.versions[color],
                replicas: service.replicas,
                color,
                envSecretName: identity.envSecretName,
            });
            createDisruptionBudget(this, `${name}-${color}-pdb`, args, color);
        }
        const idle = idleColorOf(service.activeColor);
        const previewName = `${service.name}-preview`;
        const live = createService(this, `${name}-live`, service.name, args, service.activeColor);
        const preview = createService(this, `${name}-preview`, previewName, args, idle);
        const host = `${service.name}.${args.domain}`;
        const previewHost = `${previewName}.${args.domain}`;
        if (service.expose) {
            createIngress(this, `${name}-live-ingress`, host, live.metadata.name, args);
            createIngress(this, `${name}-preview-ingress`, previewHost, preview.metadata.name, args);
        }
        const liveDns = clusterHostname(service.name, args.namespace);
        const previewDns = clusterHostname(previewName, args.namespace);
        this.hostname = pulumi.output(liveDns);
        this.previewHostname = pulumi.output(previewDns);
        this.url = pulumi.output(service.expose ? `https://${host}` : `http://${liveDns}`);
        this.previewUrl = pulumi.output(service.expose ? `https://${previewHost}` : `http://${previewDns}`);
        this.activeColor = pulumi.output(service.activeColor);
        this.roleArn = identity.roleArn;
        this.registerOutputs({
            hostname: this.hostname,
            previewHostname: this.previewHostname,
            url: this.url,
            previewUrl: this.previewUrl,
            activeColor: this.activeColor,
            roleArn: this.roleArn,
        });
    }
}
