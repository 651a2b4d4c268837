-- A delivery's job, found from the delivery (docs/webhooks.md, "Answers and retries"): the deliveries list
-- says when the next attempt runs and how many the queue allows, read from the job the queue really
-- schedules. One index probe per listed delivery, in the list's one query.
create index jobs_webhook_delivery_idx on jobs (((payload ->> 'delivery_id')::bigint), id desc) where name = 'webhook.deliver';
