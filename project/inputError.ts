/**
 * Bad input from the user (a file, a flag, a config value): reported as one line, exit code 2.
 * The message names the file (and line or key) and says what to do; it never holds a secret.
 */
export class InputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InputError";
    }
}
