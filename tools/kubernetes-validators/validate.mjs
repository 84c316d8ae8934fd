// Validates Kubernetes manifests against the Kubernetes and Prometheus Operator schemas of the
// pinned kubernetes-models packages. Usage: node validate.mjs manifests.json (a JSON array of
// objects). Prints "valid Kind/name" or "invalid Kind/name: reason" per object; exits 1 when any
// object is invalid or of a kind these packages do not know.
import { readFileSync } from "node:fs";

const manifests = JSON.parse(readFileSync(process.argv[2], "utf8"));
let failed = false;
for (const manifest of manifests) {
  const name = `${manifest.kind}/${manifest.metadata?.name}`;
  const [group, version] = manifest.apiVersion.includes("/") ? manifest.apiVersion.split("/") : ["", manifest.apiVersion];
  const module = group === "monitoring.coreos.com"
    ? `@kubernetes-models/prometheus-operator/${group}/${version}/${manifest.kind}`
    : `kubernetes-models/${group ? group + "/" : ""}${version}/${manifest.kind}`;
  try {
    const model = (await import(module))[manifest.kind];
    new model(manifest).validate();
    console.log(`valid ${name}`);
  } catch (error) {
    failed = true;
    console.log(`invalid ${name}: ${error.message}`);
  }
}
process.exit(failed ? 1 : 0);
