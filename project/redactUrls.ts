// URLs may carry credentials (`https://user:token@host`), tokens in the query (`?token=`, `?X-Amz-Signature=`,
// `?sig=`, or a name nobody can guess) or in the fragment (`#access_token=`): none of them is ever printed.
// The user name and password become `***`, every query value and the fragment become `***`; the scheme,
// host, port and path stay, so a reader still sees which endpoint a line is about.

const masked = "***";

/** One URL with its credentials, query values and fragment masked; anything but a parsed http(s) URL is masked by pattern. */
export function redactUrl(url: string): string {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        return redactByPattern(url);
    }
    // `user:pass@host` parses as scheme `user:`; only web URLs have a structure to keep.
    if (!/^(https?|wss?):$/.test(parsed.protocol)) return redactByPattern(url);
    if (parsed.username || parsed.password) {
        parsed.username = masked;
        parsed.password = "";
    }
    if (parsed.search) parsed.search = redactQuery(parsed.search.slice(1));
    if (parsed.hash) parsed.hash = masked;
    return parsed.toString();
}

/** Every URL inside a free text (an error message, a reason) redacted as `redactUrl` does. */
export function redactUrlsIn(text: string): string {
    return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi, (url) => redactUrl(url));
}

/** For the rest: mask everything up to the last `@` (after a `scheme://`), every query value and the fragment. */
function redactByPattern(url: string): string {
    return url
        .replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/i, (_, scheme?: string) => `${scheme ?? ""}${masked}@`)
        .replace(/\?([^#]*)/, (_, query: string) => `?${redactQuery(query)}`)
        .replace(/#.*$/, `#${masked}`);
}

/** `a=1&b=2&flag` as `a=***&b=***&***`: names with a value stay, a bare name may itself be the token. */
function redactQuery(query: string): string {
    return query
        .split("&")
        .map((part) => (part.includes("=") ? `${part.slice(0, part.indexOf("="))}=${masked}` : masked))
        .join("&");
}
