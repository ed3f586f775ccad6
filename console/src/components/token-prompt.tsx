import { useState } from "preact/hooks";

/** Asks for a bearer token (fedplane prints a link carrying one at start); it is kept for this browser session only. */
export function TokenPrompt({ message, onSubmit }: { message: string; onSubmit(token: string | undefined): void }) {
  const [token, setToken] = useState("");
  return (
    <main class="prompt">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(token.trim() || undefined);
        }}
      >
        <h2>Sign in to fedplane</h2>
        <p class="error">{message}</p>
        <p>
          Paste a bearer token: the admin token fedplane printed at start (the link it printed opens the console signed in), or
          any token the admin cluster accepts. It is kept for this browser session only.
        </p>
        <input type="password" name="token" autocomplete="off" placeholder="token" value={token} onInput={(e) => setToken(e.currentTarget.value)} />
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
