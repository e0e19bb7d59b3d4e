-- wrk script: AWS StartExecution (JSON 1.0) of the bench's one-state machine, a new name each time.
wrk.method = "POST"
wrk.headers["X-Amz-Target"] = "AWSStepFunctions.StartExecution"
wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
wrk.body = '{"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:bench-http","input":"{\\"n\\":1}"}'
