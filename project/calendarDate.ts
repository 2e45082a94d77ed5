// A day as `YYYY-MM-DD`, checked against the calendar: `2027-02-30` and `2099-13-45` are not days.

const monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** Why `text` is not a real `YYYY-MM-DD` day, or undefined when it is one. */
export function calendarDateProblem(text: string): string | undefined {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (match === null) return `"${text}" is not a date in the form YYYY-MM-DD`;
    const [year, month, day] = match.slice(1).map(Number);
    if (month < 1 || month > 12) return `"${text}" has no month ${match[2]} (months are 01 to 12)`;
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (day < 1 || day > days) return `"${text}" is not a day: ${monthNames[month - 1]} ${year} has ${days} days`;
    return undefined;
}

/** The UTC day of `time` as `YYYY-MM-DD`. */
export function dayOf(time: Date): string {
    return time.toISOString().slice(0, 10);
}
