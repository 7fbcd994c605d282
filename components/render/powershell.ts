/**
 * PowerShell quoting for the generated scripts (runbook, Windows DNS): a single-quoted string interpolates nothing,
 * and a quote inside is doubled. PowerShell also reads the typographic single quotes as quotes, so they are doubled too.
 */
export const psQuote = (s: string): string => `'${s.replace(/['\u2018\u2019\u201a\u201b]/g, "$&$&")}'`;
