import { describe } from "vitest";
import { embeddedBackend } from "./support/backends.js";
import { federationScenarios } from "./support/scenarios.js";

describe("federation end to end (embedded clusters)", () => {
  federationScenarios(embeddedBackend);
});
