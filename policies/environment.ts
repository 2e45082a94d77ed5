// Which environment a policy is judging, taken from the stack name the engine passes to the pack.
export const environments = ["dev", "staging", "prod"] as const;
export type Environment = (typeof environments)[number];

/**
 * `prod`, `prod-eu` and `org/prod` are all prod. A stack we cannot place is judged as prod:
 * a gate that guesses must guess strict.
 */
export function environmentOfStack(stack: string | undefined): Environment {
    const name = (stack ?? "").split("/").pop() ?? "";
    for (const environment of environments) {
        if (name === environment || name.startsWith(`${environment}-`)) return environment;
    }
    return "prod";
}

/**
 * The CLI (and the offline host) start the pack with the stack's name in PULUMI_NODEJS_STACK and in
 * PULUMI_STACK, the general name the engine means to keep in the end. `pulumi policy analyze` names no
 * stack, but passes its own environment on: `PULUMI_STACK=dev pulumi policy analyze --file dev.json ...`.
 */
export function currentEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
    return environmentOfStack(stackNamed(env));
}

function stackNamed(env: NodeJS.ProcessEnv): string | undefined {
    return env.PULUMI_NODEJS_STACK || env.PULUMI_STACK || undefined;
}

/** Why the pack judges as prod without being told, or undefined when a stack was named. */
export function unnamedStackWarning(env: NodeJS.ProcessEnv = process.env): string | undefined {
    if (stackNamed(env)) return undefined;
    return "lockstep-gates: no stack named (pulumi policy analyze passes none): judging as prod; set PULUMI_STACK=<stack> to judge another environment";
}

/** JSON schema of a value chosen per environment, with its defaults. */
export function perEnvironment<T>(type: "integer" | "string" | "boolean", defaults: Record<Environment, T>, description: string) {
    return {
        type: "object",
        description,
        properties: Object.fromEntries(environments.map((e) => [e, { type }])),
        additionalProperties: false,
        default: defaults,
    } as const;
}
