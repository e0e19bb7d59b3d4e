// The retry/catch sample's remote worker (Node, with workers/clients/stepwise-worker.mjs) for
// flaky-service: each request fails its first `failures` attempts with Service.Unavailable, then
// answers; a request with "broken": true throws a TypeError, which no Retry matches.
import { Worker, TaskFailure } from "../../workers/clients/stepwise-worker.mjs";

const attempts = new Map();
await new Worker({
  "flaky-service": async (request) => {
    if (request.broken) throw new TypeError(`cannot read the ledger of ${request.requestId}`);
    const n = (attempts.get(request.requestId) ?? 0) + 1;
    attempts.set(request.requestId, n);
    if (n <= request.failures) throw new TaskFailure("Service.Unavailable", `attempt ${n}: try again later`);
    return { requestId: request.requestId, answeredOnAttempt: n };
  },
}, { name: "flaky-worker", waitSeconds: 5 }).run();
