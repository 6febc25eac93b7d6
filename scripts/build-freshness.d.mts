// Types of build-freshness.mjs (plain JavaScript, so that `npm run build` runs it without the TypeScript loader).
export declare const ROOT: string;
export declare const BUILD_INPUTS: string[];
export declare function newestMtime(path: string): number;
export declare function isUpToDate(output: string, inputs?: string[], root?: string): boolean;
