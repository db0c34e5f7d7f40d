/** Types of module-map.js (plain JavaScript, so that eslint.config.js can read it). */
export declare const moduleMap: Record<string, { about: string; mayImport: string[] }>;
