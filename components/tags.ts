// Tags on every taggable AWS resource: environment, service and managed-by, plus the team and extras.

export const managedBy = "lockstep";

export interface TagContext {
    environment: string;
    team: string;
    extra: Record<string, string>;
}

/** Required tags win over extras, so a config value can never hide them. */
export function awsTags(context: TagContext, service: string): Record<string, string> {
    return { ...context.extra, team: context.team, environment: context.environment, service, "managed-by": managedBy };
}
