// The layout worker (dist/media/layout-worker.js): ELK's own worker, which answers elk-api's messages
// from the page (layout-client.ts), so a 500-node layout never blocks pan, zoom or status updates.
import "elkjs/lib/elk-worker.min.js";
