import { render } from "preact";
import { App } from "./app";
import { takeTokenFromUrl } from "./api/token";
import "./styles.css";

takeTokenFromUrl();
render(<App />, document.getElementById("app")!);
