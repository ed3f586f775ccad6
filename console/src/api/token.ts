// The bearer token: from the URL fragment the server prints at start (#token=...), kept for this browser session
// only, and removed from the address bar so it is not bookmarked, shared or left in history.

const KEY = "fedplane.token";

export function takeTokenFromUrl(): void {
  const match = /(?:^#|&)token=([^&]*)/.exec(location.hash);
  if (!match) return;
  sessionStorage.setItem(KEY, decodeURIComponent(match[1]));
  const rest = location.hash.replace(/(^#|&)token=[^&]*/, "$1").replace(/^#&/, "#");
  history.replaceState(null, "", location.pathname + location.search + (rest === "#" ? "" : rest));
}

export const storedToken = (): string | undefined => sessionStorage.getItem(KEY) || undefined;

export function storeToken(token: string | undefined): void {
  if (token) sessionStorage.setItem(KEY, token);
  else sessionStorage.removeItem(KEY);
}

export const authorization = (): Record<string, string> => {
  const token = storedToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
};
