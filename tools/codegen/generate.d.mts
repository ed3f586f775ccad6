export declare const root: string;
/** The generated files (paths relative to the repository root) and their content. */
export declare function generate(configFile?: string): Promise<{ filename: string; content: string }[]>;
