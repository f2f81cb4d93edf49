/*
 * Prompts at the end of the received text. Host names are letters, digits, dots, dashes and
 * underscores; a config-mode suffix in parentheses may follow. Anchored to the end so that a "#"
 * inside output (a description) does not end a command early.
 */

/** `host#`, `host>`, `host(config)#` — IOS, NX-OS, EOS, Dell OS9/OS10/N-series/PowerConnect, AOS-CX. */
export const CISCO_LIKE_PROMPT = /(?:^|\n)[\w.\-/:]+(?:\([\w.\-/:]+\))?[>#] ?$/;

/** `user@host>` or `user@host#`, possibly after a `{master:0}` line — Junos. */
export const JUNOS_PROMPT =
  /(?:^|\n)(?:\{[\w:]+\}\r?\n)?[\w.\-]+@[\w.\-]+[>#] ?$/;
