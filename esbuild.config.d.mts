// Types of what esbuild.config.mjs exports to tests (the build itself runs only as a script).
import type { BuildOptions } from "esbuild";

export declare const webviewOptions: BuildOptions;
export declare const layoutThreadOptions: BuildOptions;
export declare const serverOptions: BuildOptions;
