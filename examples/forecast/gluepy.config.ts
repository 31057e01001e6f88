// Settings of the forecast example: everything at its default except where the data lives.
import { defineConfig } from "gluepy";

export default defineConfig({
  storageRoot: "data",
  storage: { backend: "local" },
  configsDir: "configs",
});
