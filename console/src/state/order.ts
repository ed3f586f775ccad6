const collator = new Intl.Collator("en", { numeric: true });

/** Names in the order people expect: cluster-2 before cluster-10. */
export const natural = (a: string, b: string): number => collator.compare(a, b);
