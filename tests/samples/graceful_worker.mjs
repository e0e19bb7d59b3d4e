// Graceful-stop test worker (Node library): serves slow-echo, whose handler marks
// $GRACEFUL_DIR/busy, works 1.5 s, and answers {"echo": input, "by": "node"}.
import { writeFileSync } from "node:fs";
import { Worker } from "../../workers/clients/stepwise-worker.mjs";

await new Worker({
  "slow-echo": async (input) => {
    writeFileSync(`${process.env.GRACEFUL_DIR}/busy`, "");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return { echo: input, by: "node" };
  },
}, { name: "graceful-node", waitSeconds: 2 }).run();
