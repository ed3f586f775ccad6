/**
 * fedplane's exit codes, as kubectl and glooctl scripts expect them: 0 done, 1 a problem found (check) or the work
 * failed (server unreachable, refused manifest, not found), 2 the command line itself is wrong.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A mistake in the command line found by a command (not by commander's own parsing): exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Every message fedplane prints about a failure starts like this, whoever found the failure. */
export const PREFIX = "fedplane: ";

export const EXIT_CODES_HELP = `
Exit codes:
  0  done
  1  a problem was found (check), something would change (diff), or the command failed (server unreachable,
     manifest refused, not found)
  2  usage: an unknown command, flag or kind, a bad flag value, or a -f file that cannot be read`;
