-- The relay deletes applied-event records past bento.events.processed-retention by their age.
create index bento_processed_event_age on bento_processed_event (processed_at);
