// `import { createFedplane } from "fedplane"`: the control plane embedded in a program (e.g. a test of your own
// manifests against the embedded default). The typed client is "fedplane/sdk".
import "reflect-metadata";

export { createFedplane, type Fedplane, type FedplaneOptions } from "./app/fedplane.js";
export { createLogger, silentLogger, type Logger, type LogLevel } from "./app/logger.js";
export { version } from "./app/version.js";
