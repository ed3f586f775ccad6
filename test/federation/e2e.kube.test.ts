import { describeWithControlPlanes } from "../support/controlplanes.js";
import { kubernetesBackend } from "./support/backends.js";
import { federationScenarios } from "./support/scenarios.js";

describeWithControlPlanes("federation end to end (real kube-apiservers)", (planes) => {
  federationScenarios(() => kubernetesBackend(planes));
});
