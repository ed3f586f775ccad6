import type { KubeObject } from "../cluster/object.js";

export interface ImageInfo {
  repository: string;
  /** The tag without a leading "v"; "" for digest-only or untagged images. */
  version: string;
  /** Gloo Enterprise images are published as gloo-ee, gloo-ee-envoy-wrapper, gloo-fed, ... */
  enterprise: boolean;
}

/** Splits "quay.io/solo-io/gloo-ee:1.16.3" (also with a registry port or a @sha256 digest). */
export function parseImage(image: string): ImageInfo {
  const withoutDigest = image.split("@")[0];
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.lastIndexOf(":");
  const hasTag = colon > lastSlash;
  const repository = hasTag ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = hasTag ? withoutDigest.slice(colon + 1) : "";
  const name = repository.slice(repository.lastIndexOf("/") + 1);
  return { repository, version: tag.replace(/^v(?=\d)/, ""), enterprise: /-ee(-|$)|^gloo-fed/.test(name) };
}

/** The image of the named container of a workload's pod template, or of its first container. */
export function workloadImage(workload: KubeObject, container: string): ImageInfo | undefined {
  const containers = (workload.spec?.template?.spec?.containers ?? []) as { name?: string; image?: string }[];
  const image = (containers.find((c) => c.name === container) ?? containers[0])?.image;
  return image ? parseImage(image) : undefined;
}
