// The human approval sample's remote worker (Node, with workers/clients/stepwise-worker.mjs):
// request-approval is the call that hands the task token to a person (here: it prints the command
// the approver runs; a real one would send an e-mail or a chat message), pay-refund pays.
import { Worker } from "../../workers/clients/stepwise-worker.mjs";

await new Worker({
  "request-approval": async ({ taskToken, refund }) => {
    console.log(`approval needed for refund ${refund.refundId} of ${refund.amount}: ` +
                `stepwise task succeed ${taskToken} '{"approved":true,"by":"ada"}'`);
    return { notified: true }; // the call's own result: the task waits for the approver
  },
  "pay-refund": async (refund) => ({ refundId: refund.refundId, paid: refund.amount, approvedBy: refund.decision.by }),
}, { name: "approval-worker", waitSeconds: 5 }).run();
