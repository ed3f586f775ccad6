/**
 * The API server's `Warning` response headers (RFC 7234 section 5.5): `299 - "text"`, possibly several per header
 * separated by commas. As client-go does, only code 299 ("miscellaneous persistent warning") with a non-empty text is
 * kept, and a header that does not parse is ignored from the first malformed warning on.
 */
export function parseWarningHeaders(values: readonly string[]): string[] {
  const texts: string[] = [];
  for (const value of values) {
    let rest = value.trim();
    while (rest) {
      const parsed = parseOne(rest);
      if (!parsed) break;
      if (parsed.code === 299 && parsed.text) texts.push(parsed.text);
      rest = parsed.rest.replace(/^\s*,\s*/, "");
      if (parsed.rest === rest && rest) break; // no comma between warnings: malformed
    }
  }
  return texts;
}

/** One `warn-code SP warn-agent SP warn-text [SP warn-date]`; undefined when malformed. */
function parseOne(s: string): { code: number; text: string; rest: string } | undefined {
  const head = /^(\d{3}) ([^\s"]+) "/.exec(s);
  if (!head) return undefined;
  const quoted = readQuoted(s, head[0].length - 1);
  if (!quoted) return undefined;
  let rest = s.slice(quoted.end);
  const date = /^ "/.test(rest) ? readQuoted(rest, 1) : undefined;
  if (date) rest = rest.slice(date.end);
  return { code: Number(head[1]), text: quoted.text, rest };
}

/** The quoted-string starting at s[start] (a double quote), with its backslash escapes resolved. */
function readQuoted(s: string, start: number): { text: string; end: number } | undefined {
  let text = "";
  for (let i = start + 1; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") {
      if (i + 1 >= s.length) return undefined;
      text += s[++i];
    } else if (c === '"') {
      return { text, end: i + 1 };
    } else {
      text += c;
    }
  }
  return undefined;
}
