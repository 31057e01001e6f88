// Only client/ (the extension host) may import "vscode". The other parts' tsconfig.json map "vscode" to this
// file, which is not a module, so such an import fails `tsc -b` with TS2306 naming this file.
