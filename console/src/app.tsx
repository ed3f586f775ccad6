import { useEffect, useState } from "preact/hooks";
import { onLiveStatus, onUnauthenticated, request, resetSocket, type LiveStatus } from "./api/client";
import { storedToken, storeToken } from "./api/token";
import { ConsoleServerInfoDocument, type ConsoleServerInfoQuery } from "./generated/graphql";
import { href, useRoute } from "./router";
import { fleet } from "./state/fleet";
import { TokenPrompt } from "./components/token-prompt";
import { Overview } from "./views/overview";
import { Matrix } from "./views/matrix";
import { ResourceDetail } from "./views/resource";
import { Apply } from "./views/apply";
import { Health } from "./views/health";

type Info = ConsoleServerInfoQuery["serverInfo"];

const TABS = [
  ["overview", "Overview"],
  ["matrix", "Placement matrix"],
  ["apply", "Apply"],
  ["health", "Health"],
] as const;

export function App() {
  const { parts: route, params } = useRoute();
  const [info, setInfo] = useState<Info>();
  const [prompt, setPrompt] = useState<string>();
  const [live, setLive] = useState<LiveStatus>("connecting");

  const connect = () => {
    request(ConsoleServerInfoDocument, {})
      .then(({ serverInfo }) => {
        setInfo(serverInfo);
        setPrompt(undefined);
        fleet.start();
      })
      .catch((e) => setPrompt(e.code === "UNAUTHENTICATED" ? (storedToken() ? "The server refused this token." : "This server needs a token.") : e.message));
  };

  useEffect(() => {
    connect();
    const offAuth = onUnauthenticated(() => {
      fleet.stop();
      setPrompt("The server refused the token (expired or revoked?).");
    });
    const offLive = onLiveStatus(setLive);
    return () => {
      offAuth();
      offLive();
      fleet.stop();
    };
  }, []);

  const signIn = async (token: string | undefined) => {
    fleet.stop();
    storeToken(token);
    await resetSocket();
    connect();
  };

  const view = route[0];
  return (
    <div class="shell">
      <header class="top">
        <a class="brand" href={href("overview")}>
          fedplane
        </a>
        <nav>
          {TABS.map(([id, label]) => (
            <a key={id} href={href(id)} class={view === id || (id === "matrix" && view === "resource") ? "active" : ""}>
              {label}
            </a>
          ))}
        </nav>
        <span class={`live ${live}`} title="subscriptions">
          {live === "live" ? "● live" : live === "connecting" ? "○ connecting" : "○ reconnecting"}
        </span>
        {info && (
          <button class="link" title="use another token" onClick={() => setPrompt("Sign in with another token.")}>
            {info.caller.user}
          </button>
        )}
      </header>
      {prompt !== undefined ? (
        <TokenPrompt message={prompt} onSubmit={signIn} />
      ) : !info ? (
        <main class="empty">Connecting to fedplane…</main>
      ) : (
        <main>
          {view === "overview" && <Overview />}
          {view === "matrix" && <Matrix params={params} />}
          {view === "resource" && <ResourceDetail kind={route[1]} namespace={route[2]} name={route[3]} />}
          {view === "apply" && <Apply />}
          {view === "health" && <Health />}
        </main>
      )}
      <footer>
        {info && (
          <span>
            fedplane {info.version} · {info.backend} · federation namespace {info.federationNamespace} ·{" "}
            <a href="/graphql">GraphQL playground</a>
          </span>
        )}
      </footer>
    </div>
  );
}
