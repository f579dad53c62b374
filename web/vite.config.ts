import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The dev server proxies the API so the app, the API and the refresh cookie share one origin,
// exactly as when FastAPI serves the built app.
export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: { alias: { "@": new URL("./src", import.meta.url).pathname } },
  server: {
    proxy: { "/api": { target: process.env.HERON_API ?? "http://127.0.0.1:8000" } },
  },
  build: { sourcemap: true },
});
