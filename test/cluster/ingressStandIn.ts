// What a real cluster's ingress controller does, for a cluster that has none: gives every Ingress a load
// balancer address (127.0.0.1), so the Kubernetes provider's await of the Ingress completes. The program
// and what a real cluster gets are unchanged; on a real cluster the controller sets the address.
import { api, watch } from "./kubeApi";

export function startIngressStandIn(): () => void {
    return watch("/apis/networking.k8s.io/v1/ingresses", (event) => {
        if (event.type !== "ADDED" && event.type !== "MODIFIED") return;
        const ingress = event.object;
        if (ingress.status?.loadBalancer?.ingress?.length) return;
        const { namespace, name } = ingress.metadata;
        api("PATCH", `/apis/networking.k8s.io/v1/namespaces/${namespace}/ingresses/${name}/status`, { status: { loadBalancer: { ingress: [{ ip: "127.0.0.1" }] } } }, "application/merge-patch+json").catch(() => undefined);
    });
}
