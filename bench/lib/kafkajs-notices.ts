/** kafkajs' two start-up notices (partitioner, idempotent retries), the same in every client: noise. */
export const KAFKAJS_NOTICES = /switched default partitioner|Limiting retries for the idempotent producer/;
