// Validates Kubernetes manifests offline against the Kubernetes API's OpenAPI schema, through the
// validators that kubernetes-models compiles from it: types, required fields, enumerations and formats
// of every object. NOT checked: unknown field names (the API schema allows them, kubectl only warns;
// DeploymentFilesTest holds the fields the deployment relies on), and anything only a cluster knows
// (admission, quotas, whether images exist).
// Usage: node validate.mjs FILE...   Ends with "k8s-schema: N passed, M failed"; exit 1 when M > 0.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseAllDocuments } from "yaml";

let passed = 0;
let failed = 0;

async function modelOf(apiVersion, kind) {
  const path = apiVersion.includes("/") ? apiVersion : `v1`; // core group: "v1"
  return (await import(`kubernetes-models/${path}/${kind}`))[kind];
}

async function check(what, doc, expectValid) {
  let error = null;
  try {
    const Model = await modelOf(doc.apiVersion, doc.kind);
    new Model(doc).validate();
  } catch (e) {
    error = e.message.split("\n")[0];
  }
  if ((error === null) === expectValid) {
    passed++;
    console.log(`k8s-schema: ok   ${what}${error ? ` (rejected: ${error})` : ""}`);
  } else {
    failed++;
    console.log(`k8s-schema: FAIL ${what}: ${error ?? "accepted, but it is invalid"}`);
  }
}

for (const file of process.argv.slice(2)) {
  for (const d of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (d.errors.length) {
      failed++;
      console.log(`k8s-schema: FAIL ${basename(file)}: ${d.errors[0].message}`);
      continue;
    }
    const doc = d.toJS();
    if (doc == null) continue;
    await check(`${basename(file)}: ${doc.kind} ${doc.metadata?.name}`, doc, true);
  }
}

// The validator itself: each broken copy of a valid Deployment must be rejected.
const deployment = {
  apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "probe" },
  spec: { selector: { matchLabels: { app: "probe" } },
    template: { metadata: { labels: { app: "probe" } }, spec: { containers: [{ name: "c", image: "i:1" }] } } },
};
await check("self-test: a valid Deployment", deployment, true);
const broken = (change) => { const d = structuredClone(deployment); change(d); return d; };
await check("self-test: replicas as a string", broken((d) => (d.spec.replicas = "two")), false);
await check("self-test: an unknown imagePullPolicy", broken((d) => (d.spec.template.spec.containers[0].imagePullPolicy = "Sometimes")), false);
await check("self-test: a container without a name", broken((d) => delete d.spec.template.spec.containers[0].name), false);
await check("self-test: a port given as a name", broken((d) => (d.spec.template.spec.containers[0].ports = [{ containerPort: "http" }])), false);

console.log(`k8s-schema: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
